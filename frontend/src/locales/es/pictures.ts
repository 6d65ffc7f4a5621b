import type { Translation } from '../en.ts';

export const pictures: Translation['pictures'] = {
  names: {
    apple: 'manzana',
    ball: 'pelota',
    bird: 'pájaro',
    boat: 'barco',
    cake: 'pastel',
    car: 'carro',
    cat: 'gato',
    dog: 'perro',
    fish: 'pez',
    flower: 'flor',
    house: 'casa',
    moon: 'luna',
    rocket: 'cohete',
    star: 'estrella',
    tree: 'árbol',
    umbrella: 'paraguas',
  },
  sequence: '{{first}}, luego {{second}}, luego {{third}}',
  sequenceLabel: 'Contraseña de dibujos: {{sequence}}',
};
