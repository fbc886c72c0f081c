/**
 * A ship-to address on one line, as people write it: province, city, district, street. The city
 * is left out when it repeats the province (the municipalities: 上海市 上海市 → 上海市; 香港特别行政区
 * 香港 → 香港特别行政区). Chinese parts run together, Latin ones are separated by commas, and a
 * Chinese part next to a Latin one by a space (观塘区 Kwun Tong 开源道 55 号).
 */
export interface AddressParts {
  province: string
  city: string
  district: string
  line: string
}

const HAN = /[\u4e00-\u9fff]/

function repeatsProvince(province: string, city: string): boolean {
  return city === province || (city !== '' && province.startsWith(city))
}

export function addressLine(address: AddressParts): string {
  const parts = [
    address.province,
    repeatsProvince(address.province.trim(), address.city.trim()) ? '' : address.city,
    address.district,
    address.line,
  ]
    .map((part) => part.trim())
    .filter(Boolean)
  return parts.reduce((line, part, index) => {
    if (index === 0) return part
    const previous = parts[index - 1]!
    if (HAN.test(previous.at(-1)!) && HAN.test(part.charAt(0))) return line + part
    if (!HAN.test(previous) && !HAN.test(part)) return `${line}, ${part}`
    return `${line} ${part}`
  }, '')
}
