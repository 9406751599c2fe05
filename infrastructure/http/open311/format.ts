import type { Response } from 'express';
import { XMLBuilder } from 'fast-xml-parser';

/** GeoReport v2 answers in the format named by the path's extension: `/services.xml`, `/requests/…​.json`. */
export type Open311Format = 'json' | 'xml';

/** The extension of the last path segment; XML, the format the specification requires, unless it says JSON. */
export function formatOf(path: string): Open311Format {
  const last = path.split('?')[0]!.split('/').pop() ?? '';
  return last.toLowerCase().endsWith('.json') ? 'json' : 'xml';
}

/** A resource name with its format: `12345-20261102-0001.xml` → id and format; undefined without a known extension. */
export function splitExtension(file: string): { name: string; format: Open311Format } | undefined {
  const match = /^(.+)\.(json|xml)$/i.exec(file);
  return match ? { name: match[1]!, format: match[2]!.toLowerCase() as Open311Format } : undefined;
}

/**
 * The documents of the specification. JSON is the XML mapped by the Spark convention: a list is an
 * array in JSON, and in XML a wrapper element holding one element per item.
 */
export type Open311Document =
  | { readonly root: 'services'; readonly items: readonly object[] }
  | { readonly root: 'service_requests'; readonly items: readonly object[] }
  | { readonly root: 'errors'; readonly items: readonly object[] }
  | { readonly root: 'service_definition'; readonly value: object }
  | { readonly root: 'discovery'; readonly value: object };

/** Wrapper element → the element of each item in it. */
const ITEM_ELEMENT: Readonly<Record<string, string>> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

const xml = new XMLBuilder({ format: true, ignoreAttributes: false, suppressEmptyNode: true, processEntities: true });

/** Arrays become wrapper elements; `null` an empty element; absent fields no element at all. */
function toXmlTree(value: unknown, name?: string): unknown {
  if (Array.isArray(value)) {
    const item = name ? ITEM_ELEMENT[name] : undefined;
    if (!item) throw new Error(`no XML element is defined for the items of ${name ?? 'a list'}`);
    return { [item]: value.map((v) => toXmlTree(v, item)) };
  }
  if (value === null) return '';
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toXmlTree(v, k)]));
  }
  return value;
}

export function serialize(document: Open311Document, format: Open311Format): string {
  const value = 'items' in document ? document.items : document.value;
  if (format === 'json') return JSON.stringify(value);
  return xml.build({ '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, [document.root]: toXmlTree(value, document.root) });
}

export function contentTypeOf(format: Open311Format): string {
  return format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8';
}

export function reply(response: Response, format: Open311Format, document: Open311Document, status = 200): void {
  response.status(status).type(contentTypeOf(format)).send(serialize(document, format));
}
