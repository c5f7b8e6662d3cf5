import { Client, Events, GatewayCloseCodes } from 'discord.js';
import { ContextStore } from '../../src/index.js';
import type { Answerer } from '../answering.js';
import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_SHUTDOWN_GRACE_MS, InFlight, OverloadLog, readMaxInFlight, readShutdownGrace } from '../lifecycle.js';
import type { Logger } from '../log.js';
import { ConfigError, type Platform, type Running } from '../platform.js';
import { FairUse, NO_LIMITS, readRateLimits, type RateLimits } from '../rate-limit.js';
import { createClient, listen, type RestOptions } from './client.js';
import { discordConfigured, readDiscordConfig, type DiscordConfig } from './config.js';
import type { DiscordDeps } from './conversation.js';

export interface DiscordOptions {
  contexts?: ContextStore;
  deferAfterMs?: number; // see DiscordDeps; tests set 0 to take the deferred path
  now?: () => number;
  /** REST timeout and retries (tests shorten them). */
  rest?: RestOptions;
  /** Per-user and per-channel limits. Default: none (the platform entry point reads them from the environment). */
  limits?: RateLimits;
  /** How long stop() waits for answers in flight. Default 10 s. */
  shutdownGraceMs?: number;
  /** Past this many questions in flight, new ones get a short "busy" reply. Default 1,000. */
  maxInFlight?: number;
}

/** Discord: `/results` and mentions, served while DISCORD_TOKEN is set. */
export const discord: Platform = {
  name: 'discord',
  configured: discordConfigured,
  start: async (core, env, log) =>
    startDiscord(core, readDiscordConfig(env), log, { limits: readRateLimits(env), shutdownGraceMs: readShutdownGrace(env), maxInFlight: readMaxInFlight(env) }),
};

/** Connects to Discord and serves until stopped; resolves once the gateway session is ready. */
export async function startDiscord(
  core: Answerer,
  config: DiscordConfig,
  log: Logger,
  options: DiscordOptions = {},
): Promise<Running & { client: Client<true>; inFlight(): number }> {
  let accepting = true;
  const inflight = new InFlight();
  const discordLog = log.child({ platform: 'discord' });
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  const deps: DiscordDeps = {
    core,
    log: discordLog,
    contexts: options.contexts ?? new ContextStore(),
    deferAfterMs: options.deferAfterMs ?? 1500,
    now: options.now ?? Date.now,
    fairUse: new FairUse(options.limits ?? NO_LIMITS, options.now),
    inflight,
    maxInFlight,
    overload: new OverloadLog(discordLog, maxInFlight),
    accepting: () => accepting,
  };
  const client = createClient(config, options.rest);
  listen(client, deps);
  // Ready, or closed for good first (bad token, disallowed intents): the close code says which.
  let closedWith: number | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, () => resolve());
    client.once(Events.ShardDisconnect, (event) => {
      closedWith = event.code;
      reject(new Error(`the gateway closed with code ${event.code}`));
    });
  });
  ready.catch(() => {}); // awaited below; this only keeps a rejection after a failed login from going unhandled
  try {
    await client.login(config.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw explainLoginError(error, closedWith, config);
  }
  const live = client as Client<true>; // ready: user and application are set
  deps.log.info(
    { user: live.user.tag, application: live.application.id, guilds: live.guilds.cache.size },
    'connected to Discord',
  );
  void warnIfUnregistered(live, config, deps.log);
  // Stop: answer no new questions (they are told the bot is restarting), let those in flight finish (bounded), then
  // close the gateway.
  const grace = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      accepting = false;
      if (inflight.size > 0) deps.log.info({ inFlight: inflight.size, graceMs: grace }, 'finishing answers in flight');
      if (!(await inflight.idle(grace))) deps.log.warn({ abandoned: inflight.size, graceMs: grace }, 'gave up waiting for answers in flight');
      live.removeAllListeners(Events.ShardReconnecting); // closing is not losing the connection
      await live.destroy();
    })());
  return { client: live, stop, inFlight: () => inflight.size };
}

function explainLoginError(error: unknown, closedWith: number | undefined, config: DiscordConfig): unknown {
  const code = closedWith ?? (error as { code?: unknown })?.code;
  if (code === 'TokenInvalid' || code === GatewayCloseCodes.AuthenticationFailed) {
    return new ConfigError(
      'DISCORD_TOKEN was rejected by Discord: reset it in the developer portal ' +
        '(your application > Bot > Reset Token) and set the new one.',
    );
  }
  if (code === GatewayCloseCodes.DisallowedIntents) {
    return new ConfigError(
      'Discord refused the Message Content intent: enable it in the developer portal (your application > Bot > ' +
        'Privileged Gateway Intents > Message Content Intent), or set DISCORD_MESSAGE_CONTENT=false ' +
        '(mentions and DMs still work without it).',
    );
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || (error as Error)?.name === 'AbortError') {
    // Shown without a stack trace: the fix is the network or DISCORD_API_URL, not the code.
    return new ConfigError(
      `Could not reach Discord at ${config.apiUrl} (${(error as Error).message}): ` +
        'check the network, or DISCORD_API_URL if set.',
    );
  }
  return error;
}

// A newcomer who skipped `npm run discord:register` sees no /results in Discord: say so in the log.
async function warnIfUnregistered(client: Client<true>, config: DiscordConfig, log: Logger): Promise<void> {
  try {
    const global = await client.application.commands.fetch();
    const guild = config.guildId ? await client.application.commands.fetch({ guildId: config.guildId }) : undefined;
    const names = [...global.values(), ...(guild?.values() ?? [])].map((c) => c.name);
    if (!names.includes('results')) log.warn({}, '/results is not registered: run npm run discord:register');
  } catch (error) {
    log.debug({ error: (error as Error).message }, 'could not check the registered commands');
  }
}
