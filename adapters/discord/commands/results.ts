import {
  ApplicationCommandOptionType,
  MessageFlags,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandOptionChoice,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { newRequestId } from '../../lifecycle.js';
import { limitNotice } from '../../rate-limit.js';
import { ask, errorFields, NO_MENTIONS, render, type DiscordDeps } from '../conversation.js';
import { sendWithRetry } from '../retry.js';
import { cut } from '../embed.js';

const CHOICE_LIMIT = 100; // Discord's limit on an autocomplete choice's name and value
const CHOICES = 25; // and on their number

/** `/results question:<text>`: the command definition registered with Discord. */
export const data: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  type: ApplicationCommandType.ChatInput,
  name: 'results',
  description: "Ask about a listed company's results announcement",
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'question',
      description: 'e.g. "JL MAG revenue 2023", "net margin?", "and in 2022?"',
      required: true,
      autocomplete: true,
      max_length: 500,
    },
  ],
  // Servers and the bot's own DMs; installed to servers (the bot user must be there to answer mentions).
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  integration_types: [ApplicationIntegrationType.GuildInstall],
};

/**
 * Answers the command. The core is synchronous and fast, so the reply normally goes out at once; when the
 * interaction is already old on arrival (gateway lag, a busy process), defer first so Discord's 3-second window
 * cannot lapse, then edit the deferred reply.
 */
export async function execute(interaction: ChatInputCommandInteraction, deps: DiscordDeps): Promise<void> {
  const question = interaction.options.getString('question', true);
  const deferred = deps.now() - interaction.createdTimestamp >= deps.deferAfterMs;
  const log = deps.log.child({ reqId: newRequestId(), via: 'command', interactionId: interaction.id });
  try {
    // A command must be answered, or Discord says the bot did not respond: a limited one gets the notice each time,
    // shown only to the person asking, so it costs the channel nothing.
    const verdict = deps.fairUse.check(`user:${interaction.user.id}`, `channel:${interaction.channelId}`);
    if (!verdict.allowed) {
      log.info({ limit: verdict.scope, user: interaction.user.id, channel: interaction.channelId }, 'rate limited');
      await sendWithRetry(() => interaction.reply({ content: limitNotice(verdict), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS }), log);
      return;
    }
    if (deferred) await sendWithRetry(() => interaction.deferReply(), log);
    const answer = await ask(deps, interaction.channelId, question, log);
    const embeds = interaction.appPermissions?.has(PermissionFlagsBits.EmbedLinks) ?? true;
    const reply = { ...render(answer, embeds), allowedMentions: NO_MENTIONS };
    if (deferred) await sendWithRetry(() => interaction.editReply(reply), log);
    else await sendWithRetry(() => interaction.reply(reply), log);
    log.info({ status: answer.status, deferred }, 'answered');
  } catch (error) {
    // Discord failed us even after the library's retries: nothing more to send; keep serving.
    log.error({ deferred, ...errorFields(error) }, 'could not answer /results');
  }
}

/** Autocomplete for the question, from the core's catalogue matching. */
export async function autocomplete(interaction: AutocompleteInteraction, deps: DiscordDeps): Promise<void> {
  const partial = interaction.options.getFocused();
  let list: APIApplicationCommandOptionChoice<string>[] = [];
  try {
    list = await choices(deps, partial);
  } catch (error) {
    // No choices rather than none sent: Discord would show "loading options failed".
    deps.log.warn({ via: 'autocomplete', error: (error as Error).message }, 'no suggestions: the core failed');
  }
  try {
    await interaction.respond(list);
  } catch (error) {
    deps.log.warn({ via: 'autocomplete', ...errorFields(error) }, 'could not send autocomplete choices');
  }
}

export async function choices(deps: Pick<DiscordDeps, 'core'>, partial: string): Promise<APIApplicationCommandOptionChoice<string>[]> {
  return (await deps.core.suggest(partial, CHOICES))
    // A value is the question sent back on submit: cutting it would change the question, so skip long ones.
    .filter((s) => s.name.trim() && s.value.trim() && s.value.length <= CHOICE_LIMIT)
    .slice(0, CHOICES)
    .map((s) => ({ name: cut(s.name, CHOICE_LIMIT), value: s.value }));
}
