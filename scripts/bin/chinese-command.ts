/**
 * commander speaking Chinese. commander builds its usage errors in English inside private methods
 * and hands them, with a stable `code`, to the public `error()`; this subclass turns each code into
 * the reason of scripts/lib/reasons.ts, naming the command and the option or argument it is about.
 * Help titles and the usage line go through `configureHelp`; the built-in help and version options
 * get Chinese descriptions. The tests (test/scripts/bin/chinese-cli.test.ts) run every command with
 * bad invocations and find no English message.
 */
import { Command, type ErrorOptions, Help, InvalidArgumentError } from 'commander';
import { type ReasonId, type ReasonParams, reasonText } from '../lib/reasons';

const TITLES: Record<string, string> = {
  'Usage:': '用法：',
  'Arguments:': '参数：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Global Options:': '全局选项：',
};

/** The quoted names commander puts in its messages: `'--out <file>'`, `'chek'`. */
function quoted(message: string): string[] {
  return [...message.matchAll(/'([^']*)'/g)].map((m) => m[1]);
}

/** commander's "(Did you mean x?)" / "(Did you mean one of x, y?)" as a list. */
function suggestions(message: string): string {
  const m = /\(Did you mean (?:one of )?(.+)\?\)/.exec(message);
  return m ? m[1].split(', ').join(' 或 ') : '';
}

export class ChineseCommand extends Command {
  override createCommand(name?: string): ChineseCommand {
    return new ChineseCommand(name);
  }

  /** `review-forms merge`: the command as the user typed it. */
  private commandPath(): string {
    const names = [this.name()];
    for (let c = this.parent; c; c = c.parent) names.unshift(c.name());
    return names.join(' ');
  }

  private describe(flags: string): string {
    const option = this.options.find((o) => o.flags === flags);
    return option?.description ?? '';
  }

  private translate(message: string, code: string): [ReasonId, ReasonParams] {
    const command = this.commandPath();
    const [first, second] = quoted(message);
    switch (code) {
      case 'commander.unknownCommand':
        return ['unknown-command', { name: first ?? '', suggestion: suggestions(message), commands: this.commands.map((c) => c.name()).join('、') }];
      case 'commander.unknownOption':
        return ['unknown-option', { command, option: first ?? '', suggestion: suggestions(message) }];
      case 'commander.missingMandatoryOptionValue':
        return ['missing-option', { command, option: first ?? '', description: this.describe(first ?? '') }];
      case 'commander.optionMissingArgument':
        return ['option-missing-value', { command, option: first ?? '', description: this.describe(first ?? '') }];
      case 'commander.missingArgument': {
        const argument = this.registeredArguments.find((a) => a.name() === (first ?? '').replace(/\.\.\.$/, ''));
        return ['missing-argument', { command, argument: first ?? '', description: argument?.description ?? '' }];
      }
      case 'commander.excessArguments': {
        const [expected, received] = [...message.matchAll(/\d+/g)].map((m) => m[0]);
        return ['excess-arguments', { command, expected: expected ?? '?', received: received ?? '?', args: this.args.join(' ') }];
      }
      case 'commander.invalidArgument': {
        // `error: option '--as-of <date>' argument 'x' is invalid. <our Chinese detail>`
        const detail = message.replace(/^.*? is invalid\.\s*/s, '');
        return ['invalid-option-value', { command, option: first ?? '', value: second ?? '', detail }];
      }
      default:
        return ['usage-error', { command }];
    }
  }

  override error(message: string, errorOptions?: ErrorOptions): never {
    const [id, params] = this.translate(message, errorOptions?.code ?? '');
    return super.error(`错误：${reasonText(id, params)}`, errorOptions);
  }
}

const placeholders = (text: string) => text.replace('[options]', '[选项]').replace('[command]', '[命令]');

/** Columns a terminal gives the text: CJK and full-width characters take two (help aligns by it). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text.replace(/\x1b\[[0-9;]*m/g, ''))
    width +=
      /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(
        ch,
      )
        ? 2
        : 1;
  return width;
}

/** Never at the start of a line: closing punctuation. Never at its end: opening punctuation. */
const CLOSING = /^[）」』》〉】”’…，。、；：！？,.;:!?)\]]/u;
const OPENING = /[（「『《〈【“‘([]$/u;

/** Below this width text is not wrapped at all (as commander's own `minWidthToWrap`). */
const MIN_WIDTH_TO_WRAP = 40;

/**
 * One line wrapped at `width` columns, Chinese style: a line may break between any two CJK
 * characters (commander's own wrapping breaks only at spaces), ASCII words stay whole, and
 * punctuation keeps to its word.
 */
function wrapLine(line: string, width: number): string[] {
  const tokens = line.match(/\s*[\x21-\x7e]+|\s*[^\s\x21-\x7e]|\s+$/gu) ?? [line];
  const lines: string[] = [];
  let current: string[] = [];
  const text = (parts: readonly string[]) => parts.join('');
  for (const token of tokens) {
    if (displayWidth(text(current) + token) <= width || text(current).trim() === '') {
      current.push(token);
      continue;
    }
    // What moves down with the token: the word before closing punctuation, opening punctuation before a word.
    let keep = current.length;
    if (CLOSING.test(token.trimStart())) {
      while (keep > 1 && CLOSING.test(current[keep - 1].trimStart())) keep--;
      if (keep > 1) keep--;
    }
    while (keep > 1 && OPENING.test(current[keep - 1])) keep--;
    lines.push(text(current.slice(0, keep)).trimEnd());
    current = [...current.slice(keep), token];
    current[0] = current[0].trimStart();
  }
  lines.push(text(current).trimEnd());
  return lines;
}

/** Text wrapped for help output, keeping its own line breaks (commander's `boxWrap`); preformatted text is left as it is. */
export function wrapHelpText(text: string, width: number): string {
  if (width < MIN_WIDTH_TO_WRAP || /\n[^\S\r\n]/.test(text)) return text;
  return text
    .split(/\r\n|\n/)
    .flatMap((line) => wrapLine(line, width))
    .join('\n');
}

/** The root command with Chinese help, version and errors; its subcommands inherit them. */
export function chineseProgram(name: string, version: string): ChineseCommand {
  const program = new ChineseCommand(name);
  const help = new Help();
  program
    .configureHelp({
      styleTitle: (title) => TITLES[title] ?? title,
      commandUsage: (cmd) => placeholders(help.commandUsage(cmd)),
      subcommandTerm: (cmd) => placeholders(help.subcommandTerm(cmd)),
      displayWidth,
      boxWrap: wrapHelpText,
    })
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [命令]', '显示某个命令的帮助')
    .version(version, '-V, --version', '显示版本号')
    .showSuggestionAfterError(true);
  return program;
}

/** An option value parser's refusal, in Chinese (commander adds the option and value). */
export function invalidValue(id: ReasonId, params: ReasonParams = {}): InvalidArgumentError {
  return new InvalidArgumentError(reasonText(id, params));
}
