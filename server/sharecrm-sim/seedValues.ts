/** Small mappings shared by the seed and the simulator's operations. */
import type { Address } from '../../shared/api'

export function addressText(
  address: Pick<Address, 'province' | 'city' | 'district' | 'line'>,
): string {
  const parts = [address.province, address.city, address.district, address.line]
  return parts.filter((part, index) => part && (index !== 1 || part !== address.province)).join('')
}

export const ORDER_LIFE_STATUS: Record<string, string> = {
  under_review: 'under_review',
  rejected: 'ineffective',
  cancelled: 'invalid',
}
