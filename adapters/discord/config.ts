import { ConfigError } from '../platform.js';

/** Everything the Discord adapter reads from the environment, validated. */
export interface DiscordConfig {
  token: string;
  applicationId?: string; // only registration needs it; read from Discord when absent
  guildId?: string; // register to one guild (instant) instead of globally
  apiUrl: string; // discord.js's rest.api: the base without the version, which the library appends
  messageContentIntent: boolean;
}

export const DEFAULT_API_URL = 'https://discord.com/api';

// Bot tokens are three base64url segments: the bot's id, a timestamp and an HMAC.
const TOKEN = /^[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$/;
const SNOWFLAKE = /^\d{17,20}$/;

/** Discord is on when a token is set, even a malformed one, so that `start` can say what is wrong with it. */
export const discordConfigured = (env: NodeJS.ProcessEnv): boolean => Boolean(env.DISCORD_TOKEN?.trim());

export function readDiscordConfig(env: NodeJS.ProcessEnv): DiscordConfig {
  return {
    token: readToken(env.DISCORD_TOKEN),
    applicationId: readSnowflake('DISCORD_APPLICATION_ID', env.DISCORD_APPLICATION_ID),
    guildId: readSnowflake('DISCORD_GUILD_ID', env.DISCORD_GUILD_ID),
    apiUrl: readApiUrl(env.DISCORD_API_URL),
    messageContentIntent: readBoolean('DISCORD_MESSAGE_CONTENT', env.DISCORD_MESSAGE_CONTENT, true),
  };
}

// Messages never echo the token: it may be half right, and error output ends up in logs.
function readToken(raw: string | undefined): string {
  const token = raw?.trim() ?? '';
  if (!token) {
    throw new ConfigError(
      'DISCORD_TOKEN is not set: copy the bot token from the Discord developer portal (your application > Bot > Reset Token).',
    );
  }
  if (/^(bot|bearer)\s/i.test(token)) {
    throw new ConfigError('DISCORD_TOKEN starts with "Bot ": set the bare token, without the prefix.');
  }
  if (/^["'].*["']$/.test(token)) throw new ConfigError('DISCORD_TOKEN is wrapped in quotes: remove them.');
  if (/^\d+$/.test(token)) {
    throw new ConfigError('DISCORD_TOKEN looks like an application id, not a bot token (Bot > Reset Token in the portal).');
  }
  if (!TOKEN.test(token)) {
    throw new ConfigError(
      'DISCORD_TOKEN is malformed: a bot token is three dot-separated parts ' +
        '(the one from Bot > Reset Token, not the OAuth2 client secret).',
    );
  }
  return token;
}

function readSnowflake(name: string, raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  if (!SNOWFLAKE.test(value)) {
    throw new ConfigError(`${name} is malformed: expected a numeric Discord id (17 to 20 digits), got "${value}".`);
  }
  return value;
}

function readApiUrl(raw: string | undefined): string {
  const value = raw?.trim();
  if (!value) return DEFAULT_API_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`DISCORD_API_URL is not a URL: "${value}" (default ${DEFAULT_API_URL}).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`DISCORD_API_URL must be an http(s) URL, got "${value}".`);
  }
  if (url.search || url.hash) throw new ConfigError(`DISCORD_API_URL must not have a query or fragment: "${value}".`);
  const base = value.replace(/\/+$/, '');
  if (/\/v\d+$/.test(base)) {
    throw new ConfigError(`DISCORD_API_URL must leave out the API version (discord.js appends /v10): "${value}".`);
  }
  return base;
}

function readBoolean(name: string, raw: string | undefined, fallback: boolean): boolean {
  const value = raw?.trim().toLowerCase();
  if (!value) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}".`);
}
