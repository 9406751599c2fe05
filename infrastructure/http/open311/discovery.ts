import type { Open311Settings } from '../../../application/open311/settings.js';

/**
 * When the endpoint below (its list, its resources) last changed: a client that has read this
 * changeset need not read the document again. Move it whenever the endpoint changes.
 */
export const DISCOVERY_CHANGESET = '2026-11-28T00:00:00+08:00';

const KEY_SERVICE = '接口密钥由政务服务中心管理员签发（POST /api/open311/keys），请联系中心申请（API keys are issued by the center’s administrators through POST /api/open311/keys; ask the center for one）';

/** Service discovery (http://wiki.open311.org/Service_discovery), with the specification's field names. */
export interface Discovery {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: { specification: string; url: string; changeset: string; type: 'production' | 'test'; formats: string[] }[];
}

/** The one endpoint this installation serves: GeoReport v2 at `url`, in both of its formats. */
export function discovery(settings: Open311Settings, url: string): Discovery {
  return {
    changeset: DISCOVERY_CHANGESET,
    contact: settings.contact,
    key_service: KEY_SERVICE,
    endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url, changeset: DISCOVERY_CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] }],
  };
}
