/**
 * The contact center's Connect resources as plain data (no CDK import), shared by the CDK stack
 * (lib/contact-center-stack.ts), the flow validator and the flow simulator (local/flows/*), so the
 * three never disagree about which queues exist, which flows there are, or which placeholders a
 * flow may use.
 */

/** Queue keys are also the `targetQueue` values chatbot-handler answers with. */
export const QUEUE_KEYS = ['general', 'orders', 'payment', 'tech-support', 'care', 'vip', 'callback'] as const;
export type QueueKey = (typeof QUEUE_KEYS)[number];

export interface QueueDefinition {
  readonly key: QueueKey;
  /** Connect queue name (unique per instance) */
  readonly name: string;
  readonly description: string;
  /** Contacts waiting before TransferContactToQueue answers QueueAtCapacity */
  readonly maxContacts: number;
  /** Routing-profile priority: 1 is served first */
  readonly routingPriority: number;
  /** Placeholder naming this queue's ARN in contact-flows/*.json */
  readonly placeholder: string;
}

export const QUEUES: Readonly<Record<QueueKey, QueueDefinition>> = {
  vip: { key: 'vip', name: 'AICC-VIP', description: 'VIP 고객 전담 상담', maxContacts: 20, routingPriority: 1, placeholder: 'QueueVipArn' },
  care: { key: 'care', name: 'AICC-Care', description: '불만·고충 접수 (고객 케어)', maxContacts: 30, routingPriority: 2, placeholder: 'QueueCareArn' },
  payment: { key: 'payment', name: 'AICC-Payment', description: '결제·환불 문의', maxContacts: 40, routingPriority: 2, placeholder: 'QueuePaymentArn' },
  orders: { key: 'orders', name: 'AICC-Orders', description: '주문·배송 문의', maxContacts: 50, routingPriority: 2, placeholder: 'QueueOrdersArn' },
  'tech-support': { key: 'tech-support', name: 'AICC-TechSupport', description: '기술 지원', maxContacts: 40, routingPriority: 2, placeholder: 'QueueTechSupportArn' },
  general: { key: 'general', name: 'AICC-General', description: '일반 문의', maxContacts: 60, routingPriority: 3, placeholder: 'QueueGeneralArn' },
  callback: { key: 'callback', name: 'AICC-Callback', description: '예약 콜백 (발신)', maxContacts: 100, routingPriority: 3, placeholder: 'QueueCallbackArn' },
};

/** The Lambdas the flows invoke: placeholder in the flow JSON ↔ name in local/lambdas.ts. */
export const FLOW_LAMBDAS = {
  CustomerValidationArn: { localName: 'customer-validation', description: 'Identifies the caller by number (and PIN)' },
  ChatbotHandlerArn: { localName: 'chatbot-handler', description: 'Answers the customer and decides the next step (nextAction)' },
  CallbackSchedulerArn: { localName: 'callback-scheduler', description: 'Books, cancels and reports callbacks' },
} as const;
export type FlowLambdaPlaceholder = keyof typeof FLOW_LAMBDAS;

export type FlowType = 'CONTACT_FLOW' | 'CUSTOMER_QUEUE' | 'AGENT_WHISPER' | 'OUTBOUND_WHISPER';

export interface FlowDefinition {
  readonly key: string;
  /** File under contact-flows/ */
  readonly file: string;
  readonly name: string;
  readonly type: FlowType;
  readonly description: string;
  /** Placeholder under which other flows reference this flow's ARN (undefined = not referenced) */
  readonly placeholder?: string;
}

/** In dependency order: a flow only references flows listed before it. */
export const FLOWS: readonly FlowDefinition[] = [
  { key: 'agent-whisper', file: 'agent-whisper.json', name: 'AICC Agent Whisper', type: 'AGENT_WHISPER', description: '상담원에게 고객 등급, 문의 유형, 챗봇 요약을 안내', placeholder: 'AgentWhisperFlowArn' },
  { key: 'customer-queue', file: 'customer-queue.json', name: 'AICC Customer Queue', type: 'CUSTOMER_QUEUE', description: '대기 안내, 예상 대기 시간, 주기적 콜백 제안', placeholder: 'CustomerQueueFlowArn' },
  { key: 'callback-outbound', file: 'callback-outbound.json', name: 'AICC Callback Outbound', type: 'CONTACT_FLOW', description: '예약 콜백 발신 (StartOutboundVoiceContact)', placeholder: 'CallbackOutboundFlowArn' },
  { key: 'inbound-main', file: 'inbound-main.json', name: 'AICC Inbound Main', type: 'CONTACT_FLOW', description: '대표 인바운드 흐름: 고객 확인, 운영 시간, 챗봇 대화, 상담원 연결' },
];

/** Every placeholder a flow may use, with what the stack binds it to. */
export const FLOW_PLACEHOLDERS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(FLOW_LAMBDAS).map(([p, l]) => [p, `Lambda function ARN (${l.localName})`])),
  ...Object.fromEntries(Object.values(QUEUES).map((q) => [q.placeholder, `Queue ARN (${q.name})`])),
  ...Object.fromEntries(FLOWS.filter((f) => f.placeholder).map((f) => [f.placeholder as string, `Contact flow ARN (${f.name})`])),
  HoursOfOperationArn: 'Hours of operation ARN (Asia/Seoul business hours)',
  LexBotAliasArn: 'Lex V2 bot alias ARN (ko_KR)',
};

/** Korean Polly voice used by every flow and the Lex bot. */
export const KOREAN_VOICE = 'Seoyeon';
export const LEX_LOCALE = 'ko_KR';
