import {
  Apple,
  Bird,
  Cake,
  Car,
  Cat,
  Dog,
  Fish,
  Flower2,
  House,
  type LucideIcon,
  Moon,
  Rocket,
  Sailboat,
  Star,
  TreeDeciduous,
  Umbrella,
  Volleyball,
} from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema';
import './picture.css';

/** PictureId is one of the 16 pictures of a picture password (the contract's fixed set). */
export type PictureId = components['schemas']['PictureId'];

// Each picture has its own shape and its own colour, so no two are alike even to a child who
// does not yet know the words, or to one who does not tell red from green.
const icons: Record<PictureId, LucideIcon> = {
  apple: Apple,
  ball: Volleyball,
  bird: Bird,
  boat: Sailboat,
  cake: Cake,
  car: Car,
  cat: Cat,
  dog: Dog,
  fish: Fish,
  flower: Flower2,
  house: House,
  moon: Moon,
  rocket: Rocket,
  star: Star,
  tree: TreeDeciduous,
  umbrella: Umbrella,
};

/** pictureIds is the whole set, in the contract's order. */
export const pictureIds = Object.keys(icons) as PictureId[];

/**
 * shuffledPictures is the 16 pictures in a fresh random order (Fisher-Yates on the browser's
 * CSPRNG), so where a picture sits tells an onlooker nothing from one try to the next.
 */
export function shuffledPictures(): PictureId[] {
  const out = [...pictureIds];
  const random = new Uint32Array(out.length);
  crypto.getRandomValues(random);
  for (let i = out.length - 1; i > 0; i--) {
    const j = (random[i] ?? 0) % (i + 1);
    const here = out[i] as PictureId;
    out[i] = out[j] as PictureId;
    out[j] = here;
  }
  return out;
}

/** usePictureName names a picture in the page's language. */
export function usePictureName(): (id: PictureId) => string {
  const { t } = useTranslation();
  return (id) => t(`pictures.names.${id}`);
}

/** usePictureSequence reads a picture password in order, for a label: "cat, then moon, then star". */
export function usePictureSequence(): (ids: readonly PictureId[]) => string {
  const { t } = useTranslation();
  const name = usePictureName();
  return (ids) => {
    const [first = '', second = '', third = ''] = ids.map(name);
    return t('pictures.sequence', { first, second, third });
  };
}

interface PictureProps {
  id: PictureId;
  /** 'large' for a child's tap targets, 'small' for printed cards and staff pages. */
  size?: 'small' | 'large';
  /** Named for a screen reader; false when the words beside it say it already. */
  labelled?: boolean;
}

/**
 * Picture draws one picture of a picture password on its coloured tile. Drawn inline (an SVG
 * from lucide-react), so the strict CSP needs nothing and it prints crisp.
 */
export function Picture({ id, size = 'small', labelled = true }: PictureProps) {
  const name = usePictureName();
  const Icon = icons[id];
  return (
    <span
      className={`picture picture--${size} picture--${id}`}
      {...(labelled ? { role: 'img', 'aria-label': name(id) } : { 'aria-hidden': true })}
    >
      <Icon aria-hidden="true" focusable="false" strokeWidth={2.25} />
    </span>
  );
}

/** PictureRow is a picture password in order, numbered 1-2-3 as the child taps them. */
export function PictureRow({ ids, size = 'small' }: { ids: readonly PictureId[]; size?: 'small' | 'large' }) {
  const { t } = useTranslation();
  const sequence = usePictureSequence();
  return (
    <ol className="picture-row" aria-label={t('pictures.sequenceLabel', { sequence: sequence(ids) })}>
      {ids.map((id, i) => (
        <li key={`${i}-${id}`} className="picture-row__item">
          <span className="picture-row__number" aria-hidden="true">
            {i + 1}
          </span>
          <Picture id={id} size={size} labelled={false} />
        </li>
      ))}
    </ol>
  );
}
