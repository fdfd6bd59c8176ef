/**
 * The stylesheet of the interactive sequence diagram (report.html and the playground). Lifelines are placed in
 * percent of the diagram's width, so nothing is clipped at any window width from 1,000 px; the print rules lay the
 * rows out in flow on paper-width pages.
 */
import { PAYLOAD_COLORS, RED } from './styles';

/** The viewer's CSS (classes prefixed `sq-`). */
export const VIEWER_STYLES = `
.sq-toolbar,.sq-milestones,.sq-scrub{display:flex;flex-wrap:wrap;align-items:center;gap:6px 16px;margin:8px 0;font-size:16px}
.sq-toolbar select,.sq-toolbar button,.sq-milestones button{font-size:16px}
.sq-count{color:#444}
.sq-milestones button{border:1px solid #888;border-radius:14px;background:#f4f6f8;padding:2px 10px;cursor:pointer;max-width:28em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.sq-milestones .k-timeline{border-color:#b45300;background:#fff0d9}
.sq-milestones .k-connected{border-color:#1b6e2a;background:#e4f5e6}
.sq-milestones .k-consent-lost,.sq-milestones .k-failed,.sq-milestones .k-permission-expired,.sq-milestones .k-allocation-lost{border-color:${RED};background:#fff0f0}
.sq-scrub input{flex:1;min-width:200px}
.sq-body{display:grid;grid-template-columns:minmax(0,1fr) 380px;gap:14px;align-items:start}
@media (max-width:1250px){.sq-body{grid-template-columns:minmax(0,1fr)}}
.sq-diagram{border:1px solid #bbb;border-radius:8px;min-width:0}
.sq-heads{position:relative;height:58px;border-bottom:2px solid #555;background:#f7f7f7;padding-left:96px}
.sq-lanes{position:absolute;left:96px;right:8px;top:0;bottom:0}
.sq-heads .sq-lanes{left:96px}
.sq-head{position:absolute;top:4px;transform:translateX(-50%);text-align:center;font-size:15px;line-height:1.3;white-space:nowrap;max-width:12em;overflow:hidden;text-overflow:ellipsis}
.sq-viewport{position:relative;height:68vh;min-height:320px;overflow-y:auto;overflow-x:hidden;outline:none}
.sq-canvas{position:relative}
.sq-bg{z-index:0}
.sq-line{position:absolute;top:0;bottom:0;border-left:2px dashed #b0b8c0}
.sq-row{position:absolute;left:0;right:0;height:30px;cursor:pointer;z-index:1}
.sq-row:hover{background:rgba(13,71,161,.06)}
.sq-row.sel{background:rgba(255,200,0,.28)}
.sq-t{position:absolute;left:4px;top:5px;font-size:15px;font-family:"DejaVu Sans Mono",Menlo,monospace;color:#333}
.sq-arrow{position:absolute;top:20px;height:0;border-top:2px solid currentColor}
.sq-arrow.d-r::after,.sq-arrow.d-l::after{content:"";position:absolute;top:-7px;border:6px solid transparent}
.sq-arrow.d-r::after{right:-2px;border-left:9px solid currentColor}
.sq-arrow.d-l::after{left:-2px;border-right:9px solid currentColor}
.sq-arrow.dropped::after{display:none}
.sq-arrow.dropped{border-top-style:dashed}
.sq-arrow.k-stun{color:${PAYLOAD_COLORS.stun}}
.sq-arrow.k-turn,.sq-arrow.k-channel-data{color:${PAYLOAD_COLORS['channel-data']}}
.sq-arrow.k-data{color:${PAYLOAD_COLORS.data}}
.sq-arrow.k-tcp{color:${PAYLOAD_COLORS.tcp}}
.sq-arrow.k-icmp{color:${PAYLOAD_COLORS.icmp}}
.sq-lbl{position:absolute;bottom:1px;left:0;right:0;text-align:center;font-size:15px;white-space:nowrap;overflow:visible;color:#111}
.sq-reason,.sq-x{color:${RED};font-weight:bold}
.sq-x{position:absolute;top:9px;transform:translateX(-50%);font-size:18px}
.sq-count-badge{background:#333;color:#fff;border-radius:8px;padding:0 6px;font-size:14px}
.sq-note{position:absolute;top:3px;font-size:15px;padding:1px 8px;border-radius:4px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sq-note.s-nat{background:#fff0d9;border:1px solid #b45300}
.sq-note.s-agent{background:#eef3fb;border:1px solid #1656a8}
.sq-note.s-mapping{background:#f6e9e9;border:1px solid #8a2c2c}
.sq-gap{position:absolute;left:0;right:0;height:34px;line-height:34px;text-align:center;font-size:15px;color:#555;background:repeating-linear-gradient(135deg,#fafafa 0 8px,#eee 8px 16px);border-top:1px dashed #999;border-bottom:1px dashed #999;z-index:1}
.sq-side{min-width:0}
.sq-panel{border:1px solid #bbb;border-radius:8px;padding:6px 12px;margin:0 0 12px;font-size:16px;overflow-wrap:anywhere}
.sq-panel h3{margin:6px 0}
.sq-panel h4{margin:10px 0 4px}
.sq-panel table{font-size:15px}
.sq-panel th,.sq-panel td{padding:3px 6px}
.sq-panel pre.hex{font-size:15px;background:#f6f6f6;padding:6px;overflow-x:auto;white-space:pre}
.sq-panel .reason{color:${RED};font-weight:bold}
.sq-panel ul{padding-left:20px;margin:4px 0}
.sq-panel .when{color:#555}
@media print{
  .sq-toolbar,.sq-scrub,.sq-milestones,#static-ladder{display:none}
  .sq-body{display:block}
  .sq-viewport{height:auto;overflow:visible}
  .sq-row,.sq-gap{break-inside:avoid}
  body{padding:0 8px}
  html{font-size:14px}
}
`;
