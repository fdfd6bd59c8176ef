/**
 * report.html's script entry: reads the embedded run data and mounts the interactive sequence diagram in place of
 * the static one (which stays for readers without scripts).
 */
import { TRACE_DATA_ID, type ReportData } from '../report-data';
import { mountViewer } from './viewer-dom';

const dataEl = document.getElementById(TRACE_DATA_ID);
const root = document.getElementById('seq-app');
if (dataEl && root) {
  mountViewer(root, JSON.parse(dataEl.textContent ?? '{}') as ReportData);
  document.getElementById('static-ladder')?.remove();
  document.body.classList.add('sq-ready');
}
