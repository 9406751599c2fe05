/** How this installation answers Open311 clients, bound by the process's configuration. */
export interface Open311Settings {
  /**
   * GeoReport v2's service `type`: `realtime` answers a new request with its number
   * (service_request_id); `batch` answers with a token, which GET /tokens/{token} turns into the number.
   */
  readonly serviceType: 'realtime' | 'batch';
  /** The district (区县 code) for a request whose district its attributes and address do not tell. */
  readonly defaultDistrict?: string;
  /** Service discovery's `contact`: whom a client's developers call or write to. */
  readonly contact: string;
}

/** Injection token for Open311Settings; without a binding the defaults apply. */
export const OPEN311_SETTINGS = Symbol('Open311Settings');

export const DEFAULT_OPEN311_SETTINGS: Open311Settings = { serviceType: 'realtime', contact: '12345 政务服务便民热线' };
