// The Bot Connector client has no timeout: a reply to a channel that accepts the connection and
// never answers hangs ~120 s, holding the conversation's turn queue. This request policy gives
// every outbound call a deadline, and retries stay off so the deadline is the whole cost.
import type { ConnectorClientOptions } from 'botframework-connector';

interface WebResourceLike {
  timeout: number;
}
interface RequestPolicyLike {
  sendRequest(request: WebResourceLike): Promise<unknown>;
}
interface RequestPolicyFactoryLike {
  create(nextPolicy: RequestPolicyLike, options: unknown): RequestPolicyLike;
}

export function outboundTimeoutOptions(timeoutMs: number): ConnectorClientOptions {
  const timeoutPolicy: RequestPolicyFactoryLike = {
    create: (nextPolicy) => ({
      sendRequest: (request) => {
        request.timeout = timeoutMs;
        return nextPolicy.sendRequest(request);
      },
    }),
  };
  return {
    noRetryPolicy: true,
    requestPolicyFactories: (defaults: RequestPolicyFactoryLike[]) => [timeoutPolicy, ...defaults],
  } as unknown as ConnectorClientOptions;
}
