// Two batches of one chain as the first version of the frame codec wrote them ('delta1', then
// 'delta1+'; made by the encoder of that version before version 2 replaced it), with the frames
// they hold: sessions recorded then must still replay byte for byte.
import type { CodecFrame } from './frame-codec.ts';

export interface StoredBatch {
  codec: string;
  payload: string;
  frames: CodecFrame[];
}

export const DELTA1_BATCHES: readonly StoredBatch[] = [
  {
    codec: 'delta1',
    payload: 'AQIotS/9YD4BNQwARtdVPzBrnA7AoAY2Spj8jCgZ4gH2q04NCKcH2qEH4tiq1pg8QieehQlp6zDK3XkVvK6IeGwOyEkEdMdVkgY22mRLGT0ARgBFAMzSqtqC0LQVNgRTD4+qmfr89AD2I9MVH/tECYhTdzNLjh1/oVI4JT8RuZw+wS7jI5/62SemuLubmwLAYgqvG4+FULUHM/TVfkAYtoYOis7RoYErPkfHBlssOYI7ozuk0ijDBnfNIXZIpZHGBk7AVofYGS2hQyqNNDCwjFFGGWWMMXIMF27THGibdz3OQYtQE4a/dBRWdL1rCWCWIlTpJ9jvkElfOaDNQfr7qfczT8/xXFtFFWroALednvPxvg+0OeSXigUGCpwGlgcbgu7VNa5ieTWhgOMqFxFCTaiR3eeckzKZ0yLJMGySXdcFocM8QAZTaYCZkjmnJItISAygYPQYn3dt/Tz3F+SYC1fBoOMutBAAIAsJ0z2IbGL2Hebai/kFituOPBTPZW6MK9fReBSaWJT8WvMeK3kltSUK',
    frames: [
      { receivedAt: 1795532400001, connection: 1, text: "{\"response\":[{\"service\":\"ADMIN\",\"command\":\"LOGIN\",\"requestid\":\"0\",\"content\":{\"code\":0,\"msg\":\"server=s1;status=PN\"}}]}" },
      { receivedAt: 1795532400050, connection: 1, text: "{\"data\":[{\"service\":\"LEVELONE_OPTIONS\", \"timestamp\":1795532400040,\"command\":\"SUBS\",\"content\":[{\"2\":6.8,\"3\":6.95,\"16\":37,\"38\":1795532400040,\"key\":\"SPY   261124C00670000\"},{\"2\":1.05,\"key\":\"SPY   261124P00670000\"}]}]}" },
      { receivedAt: 1795532400090, connection: 1, text: "{\"data\":[{\"service\":\"OPTIONS_BOOK\", \"timestamp\":1795532400080,\"command\":\"SUBS\",\"content\":[{\"1\":1795532400080,\"2\":[{\"0\":6.8,\"1\":8,\"2\":2,\"3\":[{\"0\":\"CBOE\",\"1\":5,\"2\":36000080},{\"0\":\"PHLX\",\"1\":3,\"2\":36000100}]}],\"3\":[],\"key\":\"SPY   261124C00670000\"}]}]}" },
    ],
  },
  {
    codec: 'delta1+',
    payload: 'AQIotS/9IP9VBQDCiSUsYGnUATBwCIIgCCiN3ku0iYKb2HCrIqLullTpMt1YdQwKKKVk+EuPpNHfW6YCBVI6lQJHcRRiin2xerHM6qQlB0Hq2BSb1mZWJwqzKApAhGmagYAlNoOdV6v2ug1JWookwYGBrJ5IQk/CA3Xsal0ODVXrbYo976S9LVzBXeLv3NHzA+OLR+Hh4X/+/yDz+/mdmdnxaLwGAIAUY1j1wg38DN/oRhQAJw==',
    frames: [
      { receivedAt: 1795532400140, connection: 1, text: "{\"data\":[{\"service\":\"LEVELONE_OPTIONS\", \"timestamp\":1795532400130,\"command\":\"SUBS\",\"content\":[{\"2\":6.85,\"3\":6.95,\"16\":30,\"38\":1795532400130,\"key\":\"SPY   261124C00670000\"},{\"2\":1.05,\"key\":\"SPY   261124P00670000\"}]}]}" },
      { receivedAt: 1795532400190, connection: 2, text: "{\"data\":[{\"service\":\"OPTIONS_BOOK\", \"timestamp\":1795532400180,\"command\":\"SUBS\",\"content\":[{\"1\":1795532400180,\"2\":[{\"0\":6.8,\"1\":9,\"2\":2,\"3\":[{\"0\":\"CBOE\",\"1\":2,\"2\":36000180},{\"0\":\"PHLX\",\"1\":7,\"2\":36000100}]}],\"3\":[],\"key\":\"SPY   261124C00670000\"}]}]}" },
    ],
  },
];
