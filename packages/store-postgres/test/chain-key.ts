/** The chain key the tests open their stores with (AUD-1); the crash writer uses it too. */
export const chainKey = "test-chain-key-not-a-secret"
