import { mountLambdaRoute } from './lambda-routes';
import type { LocalServer } from './server';

export { toApiGatewayEvent } from './lambda-routes';

/** `POST /kakao/{profile}` on the local server → the real kakao-webhook handler. */
export const mountKakaoRoute = (server: LocalServer): void => mountLambdaRoute(server, 'POST', '/kakao/{profile}', 'kakao-webhook');
