import { describe, expect, it } from 'vitest'
import { productSnapshot, type Product } from '../../../shared/api'

const product: Product = {
  id: 'p1',
  sku: 'HBA2-M8030-100',
  barcode: '6900000000017',
  nameZh: '不锈钢六角螺栓 M8×30',
  nameEn: 'Stainless hex bolt M8×30',
  categoryId: 'cat_bolts',
  categoryNameZh: '螺栓',
  categoryNameEn: 'Bolts',
  unitZh: '盒',
  unitEn: 'box',
  specZh: '100支/盒',
  specEn: '100 pcs/box',
  status: 'onSale',
  imageUrl: null,
  modifiedAt: 1,
}

describe('product snapshot', () => {
  it('copies the code, names, specification and unit and nothing else of the product', () => {
    expect(productSnapshot(product)).toEqual({
      sku: 'HBA2-M8030-100',
      nameZh: '不锈钢六角螺栓 M8×30',
      nameEn: 'Stainless hex bolt M8×30',
      specZh: '100支/盒',
      specEn: '100 pcs/box',
      unitZh: '盒',
      unitEn: 'box',
    })
  })
})
