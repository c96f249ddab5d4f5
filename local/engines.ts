/**
 * Which engines the local runtime runs: offline by default, Bedrock / Lex / Upstage when their
 * configuration is present in the environment. `engineEnvironment` turns detected configuration into
 * the variables the Lambdas read (only where the developer has not chosen explicitly).
 */
export type NluEngine = 'offline' | 'bedrock' | 'lex';
export type CoachingEngine = 'offline' | 'bedrock' | 'upstage';

export interface ActiveEngines {
  /** chatbot-handler (calls and chat in Connect): intent understanding */
  readonly nlu: { readonly engine: NluEngine; readonly detail: string };
  /** KakaoTalk coaching bot: answer generation */
  readonly coaching: { readonly engine: CoachingEngine; readonly detail: string };
}

type Env = Readonly<Record<string, string | undefined>>;

const hasAwsCredentials = (env: Env): boolean => Boolean(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI);
/** Bedrock counts as configured when a model is named explicitly and AWS credentials are present. */
const bedrockConfigured = (env: Env): boolean => Boolean(env.BEDROCK_MODEL_ID) && hasAwsCredentials(env);

export const detectEngines = (env: Env = process.env): ActiveEngines => {
  const nluChoice = env.NLU_ENGINE as NluEngine | undefined;
  let nlu: NluEngine = 'offline';
  if (nluChoice === 'lex' || nluChoice === 'bedrock' || nluChoice === 'offline') nlu = nluChoice;
  else if (env.LEX_BOT_ID && hasAwsCredentials(env)) nlu = 'lex';
  else if (bedrockConfigured(env)) nlu = 'bedrock';
  // chatbot-handler runs Lex only with a bot id; otherwise it stays offline.
  if (nlu === 'lex' && !env.LEX_BOT_ID) nlu = 'offline';

  const coachingChoice = env.COACHING_LLM as CoachingEngine | undefined;
  let coaching: CoachingEngine = 'offline';
  if (coachingChoice === 'offline' || coachingChoice === 'bedrock' || coachingChoice === 'upstage') coaching = coachingChoice;
  else if (env.UPSTAGE_API_KEY) coaching = 'upstage';
  else if (bedrockConfigured(env)) coaching = 'bedrock';

  const model = env.BEDROCK_MODEL_ID ?? 'default model';
  return {
    nlu: {
      engine: nlu,
      detail: nlu === 'lex' ? `Lex V2 bot ${env.LEX_BOT_ID ?? ''} (${env.LEX_LOCALE_ID ?? 'ko_KR'}), offline fallback` : nlu === 'bedrock' ? `Bedrock ${model}, offline fallback` : 'offline Korean intent model (no AWS needed)',
    },
    coaching: {
      engine: coaching,
      detail: coaching === 'upstage' ? `Upstage ${env.UPSTAGE_MODEL ?? 'solar-pro2'}, offline fallback` : coaching === 'bedrock' ? `Bedrock ${model}, offline fallback` : 'offline coach (no LLM needed)',
    },
  };
};

/** Variables to set so the Lambdas run the detected engines (never overrides an explicit choice). */
export const engineEnvironment = (engines: ActiveEngines, env: Env = process.env): Record<string, string> => ({
  ...(env.NLU_ENGINE ? {} : { NLU_ENGINE: engines.nlu.engine }),
  ...(env.COACHING_LLM ? {} : { COACHING_LLM: engines.coaching.engine }),
});
