/// The console's one stylesheet, served from `/static/console.css` so the Content-Security-Policy can forbid
/// inline styles and every script.
enum ConsoleStyle {
    static let css = """
        :root { --ink: #1d2430; --muted: #5b6472; --line: #d6dbe3; --accent: #0b5cad; --bad: #a3161a; --ok: #1b6b34; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 system-ui, sans-serif; color: var(--ink); background: #f6f7f9; }
        header { display: flex; gap: 1rem; align-items: center; padding: .6rem 1.2rem; background: #13263d; color: #fff; }
        header .brand { font-weight: 700; letter-spacing: .02em; margin-right: auto; }
        header form { margin: 0; }
        header button { background: transparent; color: #fff; border: 1px solid #fff6; }
        nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; margin: 0; padding: .5rem 1.2rem;
            background: #fff; border-bottom: 1px solid var(--line); }
        nav a[aria-current=page] { font-weight: 700; }
        nav .planned { color: var(--muted); cursor: default; }
        main { max-width: 62rem; margin: 1.5rem auto; padding: 0 1.2rem; }
        h1 { font-size: 1.5rem; margin: 0 0 1rem; }
        a { color: var(--accent); }
        form label { display: block; margin: .7rem 0; }
        form label span { display: block; font-weight: 600; margin-bottom: .2rem; }
        input, select { font: inherit; padding: .45rem .5rem; border: 1px solid var(--line); border-radius: 4px;
            width: 100%; max-width: 26rem; }
        button { font: inherit; padding: .45rem 1rem; border-radius: 4px; border: 1px solid var(--accent);
            background: var(--accent); color: #fff; cursor: pointer; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1.2rem; background: #fff;
            padding: 1rem; border: 1px solid var(--line); border-radius: 6px; }
        dt { font-weight: 600; }
        dd { margin: 0; }
        .flash { padding: .6rem .8rem; border-radius: 4px; border: 1px solid var(--line); background: #fff; }
        .flash.error { border-color: var(--bad); color: var(--bad); }
        .flash.secret code { font-size: 1.05rem; word-break: break-all; }
        .ok { color: var(--ok); font-weight: 600; }
        .bad { color: var(--bad); font-weight: 600; }
        .actions { display: flex; gap: 1rem; margin: 1rem 0; }
        .actions form { margin: 0; }
        code { font-size: .85rem; word-break: break-all; }
        h2 { font-size: 1.15rem; margin: 1.8rem 0 .6rem; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.2rem;
            max-width: 30rem; }
        tr.overdue td { background: #fdecec; }
        tr.overdue td:first-child { color: var(--bad); font-weight: 700; }
        .steps { list-style: none; padding: 0; counter-reset: step; }
        .steps li { counter-increment: step; padding: .5rem .8rem; margin: .3rem 0; background: #fff;
            border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 4px; }
        .steps li::before { content: counter(step) ". "; font-weight: 700; }
        .steps li.done { border-left-color: var(--ok); }
        .steps li.open { border-left-color: var(--bad); }
        .month { margin-top: 1rem; }
        .listing { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
        table.source { font: .8rem/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; }
        table.source td { padding: 0 .6rem; border: 0; white-space: pre; }
        table.source td.ln { width: 1%; text-align: right; color: var(--muted); user-select: none; }
        table.source td.mark { width: 1%; user-select: none; }
        table.source tr.problem td { background: #fdecec; }
        table.source tr.problem td.ln { color: var(--bad); font-weight: 700; }
        table.diff tr.added td { background: #e3f4e8; }
        table.diff tr.removed td { background: #fdecec; }
        table.diff tr.folded td { color: var(--muted); font-style: italic; padding: .2rem .6rem; background: #f6f7f9; }
        .problems li { color: var(--bad); margin: .2rem 0; }
        textarea { display: block; width: 100%; padding: .5rem; border: 1px solid var(--line); border-radius: 4px;
            font: .8rem/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; white-space: pre; overflow: auto; }
        .field-error { color: var(--bad); margin-top: .2rem; }
        form label span.field-error { display: block; font-weight: 600; }
        #try-out-form .fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr));
            gap: 0 1.2rem; }
        #decision { margin-top: 1rem; }
        #diff-chooser { align-items: flex-end; }
        #diff-chooser button { margin-bottom: .7rem; }
        """
}
