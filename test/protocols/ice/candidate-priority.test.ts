import { expect } from 'chai';
import {
  candidatePriority,
  DEFAULT_TYPE_PREFERENCES,
  IceUsageError,
  peerReflexivePriority,
  priorityFromParts,
  validateTypePreferences,
  type CandidateType,
} from '../../../src/protocols/ice';

describe('ice candidate priority (RFC 8445 §5.1.2)', () => {
  const rows: Array<[string, CandidateType, number, number, number]> = [
    ['host, single address, RTP', 'host', 65535, 1, 0x7effffff],
    ['host, RTCP is one less', 'host', 65535, 2, 0x7efffffe],
    ['peer-reflexive', 'prflx', 65535, 1, 0x6effffff],
    ['server-reflexive', 'srflx', 65535, 1, 1694498815],
    ['relayed, last resort', 'relay', 65535, 1, 0x00ffffff],
    ['RFC 5769 sample PRIORITY: prflx, local preference 1', 'prflx', 1, 1, 0x6e0001ff],
    ['lowest component of highest value', 'host', 0, 256, 126 * 2 ** 24],
  ];
  for (const [story, type, lp, comp, want] of rows) {
    it(`computes ${story} = ${want}`, () => {
      expect(candidatePriority(type, lp, comp)).to.equal(want);
    });
  }

  it('stays within 1..2^31-1 for every type at the extremes of local preference and component', () => {
    for (const type of ['host', 'prflx', 'srflx', 'relay'] as const) {
      for (const [lp, comp] of [[65535, 1], [0, 256]]) {
        const p = candidatePriority(type, lp, comp);
        expect(Number.isInteger(p) && p >= 0 && p <= 2 ** 31 - 1, `${type} ${lp} ${comp}`).to.equal(true);
      }
    }
    expect(priorityFromParts(126, 65535, 1)).to.equal(2 ** 31 - 2 ** 24 - 1);
  });

  it('uses configurable type preferences', () => {
    const prefs = { ...DEFAULT_TYPE_PREFERENCES, relay: 5 };
    expect(candidatePriority('relay', 65535, 1, prefs)).to.equal(5 * 2 ** 24 + 0xffff00 + 255);
  });

  const bad: Array<[string, () => unknown, string]> = [
    ['local preference above 65535', () => candidatePriority('host', 65536, 1), 'localPref'],
    ['component 0', () => candidatePriority('host', 1, 0), 'component'],
    ['component 257', () => candidatePriority('host', 1, 257), 'component'],
    ['fractional local preference', () => candidatePriority('host', 1.5, 1), 'localPref'],
    ['type preference 127', () => priorityFromParts(127, 1, 1), 'typePref'],
  ];
  for (const [story, fn, where] of bad) {
    it(`rejects ${story} with an IceUsageError naming ${where}`, () => {
      expect(fn).to.throw(IceUsageError, where);
    });
  }

  it('computes the PRIORITY attribute with the prflx type preference, keeping local preference and component', () => {
    expect(peerReflexivePriority(candidatePriority('host', 65535, 1))).to.equal(0x6effffff);
    expect(peerReflexivePriority(candidatePriority('relay', 1, 2))).to.equal(0x6e0001fe);
  });

  it('validates type-preference tables', () => {
    expect(() => validateTypePreferences(DEFAULT_TYPE_PREFERENCES)).not.to.throw();
    expect(() => validateTypePreferences({ host: 126, prflx: 90, srflx: 100, relay: 0 })).to.throw(IceUsageError, 'prflx');
    expect(() => validateTypePreferences({ host: 100, prflx: 110, srflx: 100, relay: 0 })).to.throw(IceUsageError, 'different');
    expect(() => validateTypePreferences({ host: 200, prflx: 110, srflx: 100, relay: 0 })).to.throw(IceUsageError, 'typePreferences.host');
  });
});
