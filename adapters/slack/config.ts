import { ConfigError } from '../platform.js';

/** Everything the Slack adapter needs, validated. Secrets live here only: never log this object. */
export interface SlackConfig {
  botToken: string; // xoxb-…
  mode: 'socket' | 'http';
  appToken?: string; // xapp-…, Socket Mode only
  signingSecret?: string; // HTTP mode only
  port: number; // HTTP mode only
  host?: string; // HTTP mode; undefined listens on every interface (tests pass 127.0.0.1)
  apiUrl?: string; // Web API base, ending in "/"
  botId?: string; // with botUserId, skips auth.test
  botUserId?: string;
}

/** The platform is wanted as soon as a bot token is set; start() then says what else is missing. */
export const slackConfigured = (env: NodeJS.ProcessEnv): boolean => Boolean(env.SLACK_BOT_TOKEN?.trim());

const value = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v ? v : undefined;
};

/** Reads SLACK_*, PORT and HOST; throws one ConfigError listing every problem, so a newcomer fixes them in one go. */
export function loadSlackConfig(env: NodeJS.ProcessEnv): SlackConfig {
  const problems: string[] = [];
  const botToken = value(env, 'SLACK_BOT_TOKEN');
  const appToken = value(env, 'SLACK_APP_TOKEN');
  const signingSecret = value(env, 'SLACK_SIGNING_SECRET');
  const portText = value(env, 'PORT');
  const host = value(env, 'HOST');
  const apiUrlText = value(env, 'SLACK_API_URL');
  const botId = value(env, 'SLACK_BOT_ID');
  const botUserId = value(env, 'SLACK_BOT_USER_ID');
  const mode = appToken ? 'socket' : 'http';

  // Messages name the variable and the expected shape, never the value: it may be a secret.
  if (!botToken) problems.push('SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions.');
  else if (!/^xoxb-\S+$/.test(botToken))
    problems.push('SLACK_BOT_TOKEN must be a bot token starting with "xoxb-" (OAuth & Permissions → Bot User OAuth Token).');
  if (appToken && !/^xapp-\S+$/.test(appToken))
    problems.push('SLACK_APP_TOKEN must be an app-level token starting with "xapp-" (Basic Information → App-Level Tokens, scope connections:write).');
  if (mode === 'http' && !signingSecret)
    problems.push('SLACK_SIGNING_SECRET is not set: HTTP mode (chosen because SLACK_APP_TOKEN is not set) needs the Signing Secret from Basic Information. Or set SLACK_APP_TOKEN to use Socket Mode.');
  else if (signingSecret && /\s/.test(signingSecret)) problems.push('SLACK_SIGNING_SECRET must not contain spaces.');

  let port = 3000;
  if (portText !== undefined && mode === 'http') {
    port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) problems.push(`PORT must be a port number from 1 to 65535, not "${portText}".`);
  }

  if (host !== undefined && mode === 'http' && !/^[A-Za-z0-9.:\-\[\]]+$/.test(host))
    problems.push(`HOST must be an address or host name to listen on, such as 127.0.0.1 or ::, not "${host}".`);

  let apiUrl: string | undefined;
  if (apiUrlText !== undefined) {
    try {
      const url = new URL(apiUrlText);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
      apiUrl = url.href.endsWith('/') ? url.href : url.href + '/';
    } catch {
      problems.push(`SLACK_API_URL must be an http(s) URL such as https://slack.com/api/, not "${apiUrlText}".`);
    }
  }

  if (botId && !/^B[A-Z0-9]+$/.test(botId)) problems.push('SLACK_BOT_ID must look like B0123ABCD (a bot id, starting with "B").');
  if (botUserId && !/^[UW][A-Z0-9]+$/.test(botUserId))
    problems.push('SLACK_BOT_USER_ID must look like U0123ABCD (the bot\'s user id, starting with "U" or "W").');
  if (Boolean(botId) !== Boolean(botUserId))
    problems.push('Set both SLACK_BOT_ID and SLACK_BOT_USER_ID, or neither (then the bot asks Slack with auth.test).');

  if (problems.length > 0) throw new ConfigError(`Slack is not configured correctly:\n- ${problems.join('\n- ')}`);
  return {
    botToken: botToken!,
    mode,
    port,
    ...(appToken && { appToken }),
    ...(signingSecret && { signingSecret }),
    ...(apiUrl && { apiUrl }),
    ...(host && mode === 'http' && { host }),
    ...(botId && botUserId && { botId, botUserId }),
  };
}
