/** One-line human descriptions of STUN messages and attribute values, for traces, logs and teaching. */
import { transactionIdHex } from './transaction-id';
import { StunAttribute, StunMessageBase } from './message';
import { methodName } from './message-type';

function hex(bytes: Uint8Array): string {
  return transactionIdHex(bytes);
}

/** A short text form of one attribute value, e.g. '203.0.113.5:54321' or '401 Unauthenticated'. */
export function describeAttributeValue(attr: StunAttribute): string {
  switch (attr.name) {
    case undefined:
      return `0x${hex(attr.value)}`;
    case 'MAPPED-ADDRESS':
    case 'XOR-MAPPED-ADDRESS':
    case 'XOR-PEER-ADDRESS':
    case 'XOR-RELAYED-ADDRESS':
    case 'ALTERNATE-SERVER':
    case 'RESPONSE-ORIGIN':
    case 'OTHER-ADDRESS': {
      const a = attr.value;
      return a.family === 6 ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
    }
    case 'ERROR-CODE':
      return `${attr.value.code} ${attr.value.reason}`;
    case 'ADDRESS-ERROR-CODE':
      return `IPv${attr.value.family} ${attr.value.code} ${attr.value.reason}`;
    case 'UNKNOWN-ATTRIBUTES':
      return attr.value.map((t) => `0x${t.toString(16).padStart(4, '0')}`).join(',');
    case 'CHANGE-REQUEST':
      return [attr.value.changeIp ? 'ip' : '', attr.value.changePort ? 'port' : ''].filter(Boolean).join('+') || 'none';
    case 'PASSWORD-ALGORITHMS':
      return attr.value.map((a) => a.algorithm).join(',');
    case 'PASSWORD-ALGORITHM':
      return String(attr.value.algorithm);
    case 'EVEN-PORT':
      return attr.value.reserve ? 'reserve' : 'no-reserve';
    case 'ICMP':
      return `type=${attr.value.type} code=${attr.value.code} data=${attr.value.errorData}`;
    case 'REQUESTED-ADDRESS-FAMILY':
    case 'ADDITIONAL-ADDRESS-FAMILY':
      return `IPv${attr.value}`;
    default: {
      const v: unknown = attr.value;
      if (v instanceof Uint8Array) return v.length > 32 ? `${v.length} bytes` : `0x${hex(v)}`;
      if (typeof v === 'string') return JSON.stringify(v);
      return String(v);
    }
  }
}

/**
 * One line describing a message: `Binding success 0b1c...e2 XOR-MAPPED-ADDRESS=203.0.113.5:54321 SOFTWARE="x"`.
 * Raw attributes show as `0x8888=0x...`.
 */
export function describeMessage(msg: StunMessageBase): string {
  const attrs = msg.attributes.map((a) => `${a.name ?? `0x${a.type.toString(16).padStart(4, '0')}`}=${describeAttributeValue(a)}`);
  return [methodName(msg.method), msg.class, hex(msg.transactionId), ...attrs].join(' ');
}
