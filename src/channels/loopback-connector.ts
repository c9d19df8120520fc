// How turns from the local Direct Line endpoint are authenticated and answered: the bot's replies
// go to this same server's Bot Connector routes, every request signed with a per-process key that
// those routes check, so nothing else can post as the bot. No Azure AD token is ever fetched.
import { timingSafeEqual } from 'node:crypto';
import { AuthenticationConstants, ClaimsIdentity, ConnectorClient, ConnectorFactory, type AuthenticateRequestResult, type ConnectorClientOptions } from 'botframework-connector';

class LoopbackConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly key: string,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  override async create(serviceUrl: string): Promise<ConnectorClient> {
    const credentials = {
      signRequest: async <T extends { headers: { set(name: string, value: string): void } }>(resource: T): Promise<T> => {
        resource.headers.set('authorization', `Bearer ${this.key}`);
        return resource;
      },
    } as unknown as ConstructorParameters<typeof ConnectorClient>[0];
    // The policy list must be an array: ConnectorClient applies a function-form list twice
    // ("Duplicate policy names not allowed in pipeline").
    const timeout = {
      create: (next: { sendRequest(request: { timeout: number }): Promise<unknown> }) => ({
        sendRequest: (request: { timeout: number }) => {
          request.timeout = this.timeoutMs;
          return next.sendRequest(request);
        },
      }),
    };
    return new ConnectorClient(credentials, { baseUri: serviceUrl, noRetryPolicy: true, requestPolicyFactories: [timeout] } as unknown as ConnectorClientOptions);
  }
}

/** What CloudAdapter.processActivityDirect needs for a local turn: the bot's identity, and replies by loopback. */
export function loopbackAuth(appId: string | undefined, key: string, timeoutMs: number): AuthenticateRequestResult {
  return {
    audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
    claimsIdentity: appId
      ? new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }, { type: AuthenticationConstants.AppIdClaim, value: appId }], true)
      : new ClaimsIdentity([], AuthenticationConstants.AnonymousAuthType),
    connectorFactory: new LoopbackConnectorFactory(key, timeoutMs),
  };
}

/** Whether an Authorization header carries the process key (constant-time compare). */
export function signedWith(authorization: string | undefined, key: string): boolean {
  const given = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  if (given === undefined || given.length !== key.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(key));
}
