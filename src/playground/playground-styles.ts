/** The playground page's own CSS (the report's and the viewer's stylesheets come first). */
export const PLAYGROUND_STYLES = `
.pg-top{display:grid;grid-template-columns:minmax(0,1fr) 320px;gap:16px;align-items:start;margin-top:12px}
@media (max-width:1100px){.pg-top{grid-template-columns:minmax(0,1fr)}}
.pg-editor{border:1px solid #999;border-radius:6px;height:420px;overflow:hidden;font-size:15px}
.pg-editor .cm-editor{height:100%}
.pg-controls{display:flex;flex-direction:column;gap:10px;font-size:16px}
.pg-controls select,.pg-controls input,.pg-controls button{font-size:16px;padding:4px}
.pg-controls button#run{font-weight:bold;padding:8px}
#trace-hash{overflow-wrap:anywhere}
#status{font-size:16px;margin:8px 0}
#status.error{color:#c00000;white-space:pre-wrap}
table.sweep td,table.sweep th{font-size:16px}
table.sweep tr.cell{cursor:pointer}
table.sweep tr.cell:hover,table.sweep tr.cell.sel{background:#fff3c4}
`;
