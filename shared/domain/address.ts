/**
 * A ship-to address on one line, as people write it: province, city, district, street. The city
 * is left out when it repeats the province (the municipalities: 上海市 上海市 → 上海市).
 */
export interface AddressParts {
  province: string
  city: string
  district: string
  line: string
}

export function addressLine(address: AddressParts): string {
  const parts = [
    address.province,
    address.city === address.province ? '' : address.city,
    address.district,
    address.line,
  ]
  const joined = parts.map((part) => part.trim()).filter(Boolean)
  // Chinese addresses run together; Latin ones are separated.
  return joined.every((part) => /[\u4e00-\u9fff]/.test(part)) ? joined.join('') : joined.join(', ')
}
