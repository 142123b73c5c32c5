// Where the delivery configuration is read from: --delivery-config, else BESLUTNINGSSTOTTE_DELIVERY_CONFIG;
// without either, delivery is not configured (null) and nothing is sent.
import { BeslutningsstotteError } from '../errors';
import { readJsonFile } from '../json-file';
import { resolveDeliveryConfig, type DeliveryConfig } from '../delivery/delivery-config';

export const DELIVERY_CONFIG_ENV = 'BESLUTNINGSSTOTTE_DELIVERY_CONFIG';

export function readDeliveryConfig(file: string | undefined = process.env[DELIVERY_CONFIG_ENV]): DeliveryConfig | null {
  if (file === undefined || file === '') return null;
  const parsed = readJsonFile(file, (detail, cause) => new BeslutningsstotteError('DELIVERY_CONFIG_INVALID', { source: file, detail }, { cause }));
  return resolveDeliveryConfig(parsed, file);
}

/** As readDeliveryConfig, for commands that cannot do without one. */
export function requireDeliveryConfig(file: string | undefined): DeliveryConfig {
  const config = readDeliveryConfig(file);
  if (config === null) throw new BeslutningsstotteError('DELIVERY_CONFIG_INVALID', { source: 'the command line', detail: `no delivery configuration: give --delivery-config FILE or set ${DELIVERY_CONFIG_ENV}` });
  return config;
}
