/**
 * Stands in for the AWS SDK's event-stream providers in the runtime configuration of a client whose
 * bundle has no event-stream operation (`eventStreamsPlugin` in lib/bundling.ts): the client
 * constructor asks for the providers, so they exist, but nothing in such a bundle can call them.
 * Should one ever be called, it says why instead of failing somewhere inside the SDK.
 */
const notBundled = (): never => {
  throw new Error('AWS SDK event streams are not bundled in this function: none of its operations streams events (lib/bundling.ts)');
};

export const eventStreamSerdeProvider = () => ({ serialize: notBundled, deserialize: notBundled });

export const eventStreamPayloadHandlerProvider = () => ({ handle: notBundled });
