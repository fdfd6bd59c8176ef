/**
 * The playground's scenario editor: CodeMirror 6 with YAML highlighting, completion of keys and enum values from
 * the scenario JSON Schema, and the loader's errors shown inline at their line and column as you type.
 */
import { autocompletion, CompletionContext, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Diagnostic, linter, lintGutter } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import type { ScenarioIssue } from '../scenario/format/issues';
import { scenarioJsonSchema } from '../scenario/format/schema';
import { parsePlaygroundScenario } from './browser-run';
import { completionsAt } from './schema-completion';

/** The loader's issues for `text`, or [] when it is a valid scenario. */
export function scenarioIssues(text: string, file: string): readonly ScenarioIssue[] {
  try {
    parsePlaygroundScenario(text, file);
    return [];
  } catch (err) {
    if (err && typeof err === 'object' && 'issues' in err) return (err as { issues: readonly ScenarioIssue[] }).issues;
    return [{ file, line: 1, column: 1, path: '', message: String(err) }];
  }
}

function diagnostics(view: EditorView): Diagnostic[] {
  const doc = view.state.doc;
  return scenarioIssues(doc.toString(), 'scenario.yaml').map((i) => {
    const line = doc.line(Math.min(Math.max(1, i.line), doc.lines));
    const from = Math.min(line.to, line.from + Math.max(0, i.column - 1));
    const hint = [i.expected ? `expected ${i.expected}` : '', i.didYouMean ? `did you mean ${i.didYouMean}?` : ''].filter(Boolean).join('; ');
    return { from, to: Math.max(from, line.to), severity: 'error', message: `${i.path ? `${i.path}: ` : ''}${i.message}${hint ? ` (${hint})` : ''}` };
  });
}

function complete(ctx: CompletionContext): { from: number; options: { label: string; type: string; info?: string }[] } | null {
  const r = completionsAt(scenarioJsonSchema, ctx.state.doc.toString(), ctx.pos);
  if (!r.options.length || (r.from === ctx.pos && !ctx.explicit)) return null;
  return { from: r.from, options: r.options.map((o) => ({ ...o })) };
}

/** Creates the editor in `parent` with `text`. */
export function createEditor(parent: HTMLElement, text: string): EditorView {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(), history(), yaml(), syntaxHighlighting(defaultHighlightStyle), lintGutter(),
        linter(diagnostics, { delay: 400 }), autocompletion({ override: [complete] }),
        keymap.of([...defaultKeymap, ...historyKeymap, ...completionKeymap]),
      ],
    }),
  });
}
