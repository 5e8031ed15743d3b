import Testing
@testable import Features

@Test func schemaHas57FeaturesInCSVOrder() {
    #expect(KaggleSchema.featureCount == 57)
    #expect(KaggleSchema.featureNames.first == "chroma_stft_mean")
    #expect(KaggleSchema.featureNames[16] == "tempo")
    #expect(KaggleSchema.featureNames.last == "mfcc20_var")
}
