// The Bot Connector client has no timeout: a reply to a channel that accepts the connection and
// never answers hangs ~120 s, holding the conversation's turn queue. Every outbound call gets a
// deadline here, and retries stay off so the deadline is the whole cost.
// Two places, because botbuilder builds clients two ways: the options below reach the token
// client, but ConnectorFactoryImpl replaces requestPolicyFactories for the clients that send
// replies, so TimedCloudAdapter adds the deadline to those clients itself.
import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult, ConnectorClient, ConnectorClientOptions, ConnectorFactory } from 'botframework-connector';

interface WebResourceLike {
  timeout: number;
}
interface RequestPolicyLike {
  sendRequest(request: WebResourceLike): Promise<unknown>;
}
interface RequestPolicyFactoryLike {
  create(nextPolicy: RequestPolicyLike, options: unknown): RequestPolicyLike;
}
/** The core-rest-pipeline pipeline inside every botbuilder service client. */
interface PipelineLike {
  addPolicy(policy: { name: string; sendRequest(request: WebResourceLike, next: (request: WebResourceLike) => Promise<unknown>): Promise<unknown> }): void;
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
  // An array: the function form `(defaults) => [...]` makes ServiceClientContext add its signing
  // policy twice, and every client then throws "Duplicate policy names not allowed in pipeline".
  return { noRetryPolicy: true, requestPolicyFactories: [timeoutPolicy] } as unknown as ConnectorClientOptions;
}

function timedFactory(factory: ConnectorFactory, timeoutMs: number): ConnectorFactory {
  return {
    create: async (serviceUrl: string, audience?: string): Promise<ConnectorClient> => {
      const connector = await factory.create(serviceUrl, audience);
      (connector as unknown as { client: { pipeline: PipelineLike } }).client.pipeline.addPolicy({
        name: 'mendOutboundTimeout',
        sendRequest: (request, next) => {
          request.timeout = timeoutMs;
          return next(request);
        },
      });
      return connector;
    },
  } as ConnectorFactory;
}

/** A CloudAdapter whose replies to channels give up after timeoutMs. */
export class TimedCloudAdapter extends CloudAdapter {
  constructor(
    auth: ConstructorParameters<typeof CloudAdapter>[0],
    private readonly timeoutMs: number,
  ) {
    super(auth);
  }

  protected override async processActivity(
    auth: string | AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    const result = typeof auth === 'string' ? await this.botFrameworkAuthentication.authenticateRequest(activity, auth) : auth;
    const connectorFactory = result.connectorFactory ? timedFactory(result.connectorFactory, this.timeoutMs) : undefined;
    return super.processActivity({ ...result, connectorFactory }, activity, logic);
  }
}
