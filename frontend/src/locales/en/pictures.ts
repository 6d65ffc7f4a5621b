// The 16 pictures of a picture password (components/picture.tsx), named for screen readers and
// for the grown-up reading a card aloud. Short, everyday words a five-year-old knows.
export const pictures = {
  names: {
    apple: 'apple',
    ball: 'ball',
    bird: 'bird',
    boat: 'boat',
    cake: 'cake',
    car: 'car',
    cat: 'cat',
    dog: 'dog',
    fish: 'fish',
    flower: 'flower',
    house: 'house',
    moon: 'moon',
    rocket: 'rocket',
    star: 'star',
    tree: 'tree',
    umbrella: 'umbrella',
  },
  /** How a picture password is read out as a whole: "1 cat, 2 moon, 3 star". */
  sequence: '{{first}}, then {{second}}, then {{third}}',
  sequenceLabel: 'Picture password: {{sequence}}',
};
