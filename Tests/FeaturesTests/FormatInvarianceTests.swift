import AudioIO
import Foundation
import TestSupport
import Testing
@testable import Features

/// The issue's format acceptance lines, on real GTZAN clips:
/// 1. the same 16-bit clip stored as AIFF, AIFF-C, AU and FLAC gives features bit-identical to the WAV's;
/// 2. the clip upsampled to 44.1/48/96 kHz, stored as 24-bit or float, mono or stereo, WAV or FLAC,
///    gives features within 0.02 × (column std over features_30_sec.csv) of librosa's on that same
///    file (`librosa.load(path, sr=22050)` + /work/shared/reference/librosa_kaggle_features.py,
///    values computed once by bench/reference/format_variants.py and pasted below), tempo within 1 BPM.
@Suite struct FormatInvarianceTests {
    static let losslessClips = ["blues/blues.00000.wav", "classical/classical.00000.wav"]

    /// The 22050 Hz clip every variant is made from, decoded once for all variant cases.
    static let variantSource: [Float] = {
        (try? loadMono(GTZAN.root.appendingPathComponent("audio/blues/blues.00000.wav"))) ?? []
    }()

    /// Acceptance tolerance, in units of the column's std over features_30_sec.csv.
    static let tolerance = 0.02
    /// Tolerance of the differential check (see `variantMatchesLibrosa`), same units.
    static let differentialTolerance = 0.005

    /// Features as `genre features --resample librosa` computes them (the parity promise).
    static func features(_ url: URL) throws -> (length: Int, features: [Double]) {
        let y = try loadMono(url, sampleRate: 22050, quality: .librosa)
        return (y.count, KaggleFeatureExtractor().features(y.map(Double.init)))
    }

    @Test(arguments: losslessClips)
    func losslessContainersGiveIdenticalFeatures(_ clip: String) throws {
        guard GTZAN.available else { print("skipped: \(GTZAN.skipMessage)"); return }
        let wav = GTZAN.root.appendingPathComponent("audio").appendingPathComponent(clip)
        let samples = try loadMono(wav)
        try #require(samples.count > 600_000, "\(clip) decoded to \(samples.count) samples")
        let reference = KaggleFeatureExtractor().features(samples.map(Double.init))
        let (dir, keep) = try FormatVariant.outputDirectory()
        defer { if !keep { try? FileManager.default.removeItem(at: dir) } }
        let stem = wav.deletingPathExtension().lastPathComponent
        let writers: [(String, (URL) throws -> Void)] = [
            ("aiff", { try AudioWriter.writeAIFF([samples], sampleRate: 22050, bits: 16, to: $0) }),
            ("aifc", { try AudioWriter.writeAIFF([samples], sampleRate: 22050, bits: 16, to: $0, aifc: true) }),
            ("au", { try AudioWriter.writeAU([samples], sampleRate: 22050, to: $0) }),
            ("flac", { try AudioWriter.writeFLAC([samples], sampleRate: 22050, bits: 16, to: $0) }),
        ]
        for (ext, write) in writers {
            let url = dir.appendingPathComponent("\(stem).\(ext)")
            try write(url)
            let decoded = try loadMono(url)
            // The decoded samples must already be identical; the features are compared as well, since
            // that is the acceptance line (and catches any format-dependent path in the extractor).
            // (Compared outside #expect so a failure does not print two 660000-sample arrays.)
            let sameSamples = decoded == samples
            #expect(sameSamples, "\(clip) as \(ext): \(decoded.count) decoded samples differ from the WAV's \(samples.count)")
            let ours = KaggleFeatureExtractor().features(decoded.map(Double.init))
            let differing = KaggleSchema.featureNames.indices.filter { ours[$0] != reference[$0] }
            let list = differing.map { "\(KaggleSchema.featureNames[$0]) \(ours[$0]) vs \(reference[$0])" }
            #expect(differing.isEmpty, "\(clip) as \(ext): features differ from the WAV's: \(list.joined(separator: ", "))")
        }
    }

    /// Our features of the source clip itself, for the differential check (computed once).
    static let sourceFeatures: [Double] = KaggleFeatureExtractor().features(variantSource.map(Double.init))

    /// Acceptance line 2. Two checks per variant, both against librosa on that very file:
    /// - absolute: every feature but tempo within `tolerance` (0.02) column std of librosa's; tempo
    ///   within 1 BPM. The HPSS means dominate here (≈0.016–0.018 std) for a reason unrelated to
    ///   formats: our HPSS reproduces the published pre-0.9 librosa values, and librosa 0.11 on the
    ///   original WAV already differs from the published perceptr_mean by 0.0178 std.
    /// - differential: the change the re-encoding causes, ours (variant − source clip) against
    ///   librosa's (variant − source clip), within `differentialTolerance` std for every feature but
    ///   tempo. This cancels most of the librosa-version offset above, so decoding, channel mixing,
    ///   bit-depth scaling and resampling errors show up well below the acceptance tolerance: a 1 %
    ///   gain error (0.09 dB) in the written file fails it (rms_mean 0.0198 std) although it passes
    ///   the absolute check. Measured worst: perceptr_mean ≈0.0019 std on the stereo variants (what
    ///   is left of the HPSS offset on the channel-mixed signal); outside HPSS ≈0.001 std
    ///   (mfcc9_var, 48 kHz stereo FLAC: Resampler vs soxr).
    @Test(arguments: FormatVariant.all)
    func variantMatchesLibrosa(_ variant: FormatVariant) throws {
        guard GTZAN.available else { print("skipped: \(GTZAN.skipMessage)"); return }
        let source = Self.variantSource
        try #require(source.count > 600_000, "blues.00000.wav decoded to \(source.count) samples")
        let librosa = try #require(Self.librosa[variant.name], "no librosa reference for \(variant.name): see bench/reference/format_variants.py")
        let librosaSource = try #require(Self.librosa["blues.00000.wav"])
        try #require(librosa.count == 1 + KaggleSchema.featureCount)
        let (dir, keep) = try FormatVariant.outputDirectory()
        defer { if !keep { try? FileManager.default.removeItem(at: dir) } }
        let url = try variant.write(from: source, to: dir)
        let (length, ours) = try Self.features(url)
        #expect(Double(length) == librosa[0], "\(variant.name): length \(length) vs librosa's \(librosa[0])")

        let deviations = KaggleFeatureTests.columnDeviations(GTZAN.csvRows("features_30_sec.csv").rows)
        let t = try #require(KaggleSchema.featureNames.firstIndex(of: "tempo"))
        var worst = (name: "", std: 0.0), worstChange = (name: "", std: 0.0)
        var bad: [String] = []
        for (c, name) in KaggleSchema.featureNames.enumerated() where c != t {
            let std = abs(ours[c] - librosa[c + 1]) / deviations[c]
            let change = abs((ours[c] - Self.sourceFeatures[c]) - (librosa[c + 1] - librosaSource[c + 1])) / deviations[c]
            if !(std <= worst.std) { worst = (name, std) }
            if !(change <= worstChange.std) { worstChange = (name, change) }
            if !(std <= Self.tolerance) {
                bad.append("\(name): ours \(ours[c]) vs librosa \(librosa[c + 1]) (\(std) std)")
            }
            if !(change <= Self.differentialTolerance) {
                bad.append("\(name): change from the source clip, ours \(ours[c] - Self.sourceFeatures[c]) vs librosa "
                    + "\(librosa[c + 1] - librosaSource[c + 1]) (\(change) std)")
            }
        }
        let tempoDiff = abs(ours[t] - librosa[t + 1])
        print("FormatInvariance \(variant.name): worst \(worst.name) \(worst.std) std, worst change \(worstChange.name) "
            + "\(worstChange.std) std; tempo ours \(ours[t]) librosa \(librosa[t + 1])"
            + (tempoDiff == 0 ? " (equal)" : " (differs by \(tempoDiff))"))
        #expect(bad.isEmpty, "\(variant.name): \(bad.count) features out of tolerance:\n\(bad.joined(separator: "\n"))")
        // All 8 variants currently give librosa's tempo exactly (123.05 BPM, as the source clip).
        #expect(tempoDiff <= 1, "\(variant.name): tempo \(ours[t]) vs librosa's \(librosa[t + 1])")
    }

    /// librosa 0.11 on each variant file: length then the 57 features in KaggleSchema order.
    /// Generated by bench/reference/format_variants.py (see there).
    static let librosa: [String: [Double]] = [
        // librosa 0.11.0, soundfile 0.14.0
        // The source clip itself (22050 Hz, 1 ch, PCM_16), for the differential check.
        "blues.00000.wav": [
            661794.0,  // length
            0.3500881493091583, 0.08875656872987747, 0.1302279233932495, 0.0028266964945942163,
            1784.1658498652125, 129774.06441461053, 2002.4490602988014, 85882.76136164993,
            3805.8396058403423, 901505.4255328419, 0.08304482066898686, 0.0007669456545940504,
            -4.820238973479718e-05, 0.008172832429409027, -1.1482460649858695e-05, 0.005703759379684925,
            123.046875, -113.57064819335938, 2564.207763671875, 121.57180786132812,
            295.9138488769531, -19.16813850402832, 235.57443237304688, 42.366416931152344,
            151.1068878173828, -6.36466121673584, 167.934814453125, 18.62349510192871,
            89.18085479736328, -13.704887390136719, 67.66050720214844, 15.343147277832031,
            68.93258666992188, -12.274106979370117, 82.20420837402344, 10.976568222045898,
            63.38631820678711, -8.326570510864258, 61.77309799194336, 8.803790092468262,
            51.24412536621094, -3.6722984313964844, 41.21742248535156, 5.747992992401123,
            40.554481506347656, -5.162879943847656, 49.775428771972656, 0.7527380585670471,
            52.42091369628906, -1.6902130842208862, 36.524070739746094, -0.40898051857948303,
            41.59710693359375, -2.3035213947296143, 55.062923431396484, 1.221289038658142,
            46.936038970947266,
        ],
        // 22050 Hz, 2 ch, PCM_24
        "v22050_pcm24_stereo.wav": [
            661794.0,  // length
            0.3481626808643341, 0.08902837336063385, 0.11612209677696228, 0.0022607019636780024,
            1506.7974817789295, 72804.5925708408, 1701.8521153851725, 59927.203173564645,
            3134.2301583345416, 475368.642136349, 0.07406807388341068, 0.0005384881599154065,
            -4.3431307858554646e-05, 0.006543990224599838, -1.0246353667753283e-05, 0.004499214701354504,
            123.046875, -139.4807586669922, 2467.876220703125, 139.17852783203125,
            276.8863220214844, -29.129060745239258, 223.76283264160156, 46.841217041015625,
            146.88906860351562, -7.282558917999268, 185.05142211914062, 17.359291076660156,
            94.04750061035156, -11.039590835571289, 75.11897277832031, 11.807673454284668,
            74.9426040649414, -8.228230476379395, 87.68840026855469, 6.665177345275879,
            67.04541015625, -3.9345529079437256, 64.43669891357422, 4.464701175689697,
            51.56516647338867, 0.5169839262962341, 41.13710021972656, 1.7852219343185425,
            38.975406646728516, -1.4800981283187866, 46.727455139160156, -2.615326166152954,
            50.69868469238281, 1.3390593528747559, 35.29615020751953, -3.086204767227173,
            39.954368591308594, 0.01621813327074051, 51.11181640625, -0.7403790354728699,
            46.125797271728516,
        ],
        // 44100 Hz, 2 ch, PCM_16
        "v44100_pcm16_stereo.flac": [
            661794.0,  // length
            0.3495677709579468, 0.08883124589920044, 0.116912342607975, 0.002281958470121026,
            1714.0248911609306, 114250.32074274965, 1933.250113874574, 80782.92267133128,
            3625.805040965777, 796103.1276453942, 0.08065703850058005, 0.0006894702890054246,
            -4.3406806071288884e-05, 0.006600249093025923, -1.0299613677489106e-05, 0.004586373921483755,
            123.046875, -127.3953857421875, 2548.908935546875, 125.43682098388672,
            292.7351989746094, -21.25846290588379, 233.4344024658203, 43.25178146362305,
            150.06568908691406, -6.517735004425049, 170.52359008789062, 18.360206604003906,
            89.81556701660156, -13.18874740600586, 68.9081802368164, 14.677170753479004,
            69.91987609863281, -11.522855758666992, 83.35514831542969, 10.180439949035645,
            64.20601654052734, -7.5149617195129395, 62.64287185668945, 7.996874809265137,
            51.4952507019043, -2.8842508792877197, 41.448883056640625, 4.990598201751709,
            40.59250259399414, -4.444311618804932, 49.58389663696289, 0.07811862975358963,
            52.306819915771484, -1.0639548301696777, 36.345252990722656, -0.9839630126953125,
            41.35655975341797, -1.7816882133483887, 54.535274505615234, 0.7544108033180237,
            46.87911605834961,
        ],
        // 44100 Hz, 2 ch, PCM_16
        "v44100_pcm16_stereo.wav": [
            661794.0,  // length
            0.3495677709579468, 0.08883124589920044, 0.116912342607975, 0.002281958470121026,
            1714.0248911609306, 114250.32074274965, 1933.250113874574, 80782.92267133128,
            3625.805040965777, 796103.1276453942, 0.08065703850058005, 0.0006894702890054246,
            -4.3406806071288884e-05, 0.006600249093025923, -1.0299613677489106e-05, 0.004586373921483755,
            123.046875, -127.3953857421875, 2548.908935546875, 125.43682098388672,
            292.7351989746094, -21.25846290588379, 233.4344024658203, 43.25178146362305,
            150.06568908691406, -6.517735004425049, 170.52359008789062, 18.360206604003906,
            89.81556701660156, -13.18874740600586, 68.9081802368164, 14.677170753479004,
            69.91987609863281, -11.522855758666992, 83.35514831542969, 10.180439949035645,
            64.20601654052734, -7.5149617195129395, 62.64287185668945, 7.996874809265137,
            51.4952507019043, -2.8842508792877197, 41.448883056640625, 4.990598201751709,
            40.59250259399414, -4.444311618804932, 49.58389663696289, 0.07811862975358963,
            52.306819915771484, -1.0639548301696777, 36.345252990722656, -0.9839630126953125,
            41.35655975341797, -1.7816882133483887, 54.535274505615234, 0.7544108033180237,
            46.87911605834961,
        ],
        // 44100 Hz, 1 ch, PCM_24
        "v44100_pcm24_mono.wav": [
            661794.0,  // length
            0.3500881493091583, 0.08875656872987747, 0.1302279233932495, 0.00282669672742486,
            1784.039847379062, 129764.8656121458, 2002.180930739981, 85897.57275506538,
            3805.598127537703, 901465.846054501, 0.08305992604408352, 0.0007671972939073287,
            -4.8202997277257964e-05, 0.008172834292054176, -1.1480344255687669e-05, 0.005703759379684925,
            123.046875, -113.56966400146484, 2564.25634765625, 121.57040405273438,
            295.8728942871094, -19.166759490966797, 235.54678344726562, 42.365047454833984,
            151.05911254882812, -6.363295078277588, 167.9767303466797, 18.622161865234375,
            89.1668701171875, -13.703587532043457, 67.64012908935547, 15.341874122619629,
            68.94166564941406, -12.27286148071289, 82.24005126953125, 10.97534465789795,
            63.402732849121094, -8.32538890838623, 61.767391204833984, 8.802652359008789,
            51.263004302978516, -3.671180486679077, 41.21001434326172, 5.7469024658203125,
            40.56253433227539, -5.161828994750977, 49.77648162841797, 0.7517099976539612,
            52.41914367675781, -1.6892163753509521, 36.52711868286133, -0.40994054079055786,
            41.59928894042969, -2.30258846282959, 55.05291748046875, 1.2203794717788696,
            46.934776306152344,
        ],
        // 48000 Hz, 1 ch, FLOAT
        "v48000_float32_mono.wav": [
            661795.0,  // length
            0.35007524490356445, 0.08875051140785217, 0.13022777438163757, 0.002826692070811987,
            1784.0318766705172, 129749.56196312419, 2002.1773750652399, 85881.1749537696,
            3805.5648201856147, 901320.0448563108, 0.08305766023781902, 0.0007671691285968193,
            -4.8131732910405844e-05, 0.008173055946826935, -1.1551787792996038e-05, 0.005703619681298733,
            123.046875, -113.56948852539062, 2564.332275390625, 121.56871032714844,
            295.7619934082031, -19.16526985168457, 235.48583984375, 42.36429214477539,
            150.97862243652344, -6.362054824829102, 168.07838439941406, 18.622154235839844,
            89.1585464477539, -13.703386306762695, 67.62800598144531, 15.340553283691406,
            68.96465301513672, -12.27259349822998, 82.26336669921875, 10.975507736206055,
            63.40391159057617, -8.325020790100098, 61.7688102722168, 8.802736282348633,
            51.2561149597168, -3.670915365219116, 41.21213150024414, 5.746685028076172,
            40.55900192260742, -5.1625657081604, 49.77503967285156, 0.7518699765205383,
            52.420631408691406, -1.6890743970870972, 36.52408981323242, -0.4095837473869324,
            41.59723663330078, -2.3032569885253906, 55.070621490478516, 1.221364974975586,
            46.9405403137207,
        ],
        // 48000 Hz, 2 ch, PCM_24
        "v48000_pcm24_stereo.flac": [
            661795.0,  // length
            0.34963569045066833, 0.08881483227014542, 0.11695683747529984, 0.002283129608258605,
            1724.9284121681546, 116596.48229583514, 1944.287252846343, 81604.14937992523,
            3653.233645410383, 812783.9414131303, 0.08100597266531323, 0.0007026219736636181,
            -4.332960088504478e-05, 0.006603525020182133, -1.0372515134804416e-05, 0.004591325763612986,
            123.046875, -126.83570098876953, 2551.9111328125, 124.80876922607422,
            293.0486755371094, -20.912391662597656, 233.67869567871094, 43.10024642944336,
            150.0424346923828, -6.485329627990723, 170.325927734375, 18.398412704467773,
            89.6718521118164, -13.269577980041504, 68.63444519042969, 14.782499313354492,
            69.81533813476562, -11.643906593322754, 83.29378509521484, 10.309843063354492,
            64.12483978271484, -7.646818161010742, 62.498863220214844, 8.12838363647461,
            51.4986457824707, -3.012202501296997, 41.40508270263672, 5.1134490966796875,
            40.61084747314453, -4.561378002166748, 49.63081359863281, 0.18710047006607056,
            52.331993103027344, -1.1644001007080078, 36.384761810302734, -0.8918240070343018,
            41.39917755126953, -1.8650904893875122, 54.635841369628906, 0.8287109732627869,
            46.89529037475586,
        ],
        // 96000 Hz, 2 ch, FLOAT
        "v96000_float32_stereo.wav": [
            661795.0,  // length
            0.34996622800827026, 0.08876810222864151, 0.11714186519384384, 0.0022879771422594786,
            1769.2452967261675, 126416.0600325556, 1987.9740068445951, 84868.70147800512,
            3767.0365406576275, 878776.7272212938, 0.08259958973801237, 0.0007490948090191707,
            -4.332447497290559e-05, 0.006615979131311178, -1.0385963832959533e-05, 0.004612620919942856,
            123.046875, -124.63558959960938, 2561.512451171875, 122.35856628417969,
            295.11468505859375, -19.58680534362793, 235.0574493408203, 42.53873825073242,
            150.73153686523438, -6.388566017150879, 168.63650512695312, 18.56609344482422,
            89.26287841796875, -13.597894668579102, 67.84651947021484, 15.20602798461914,
            69.17671966552734, -12.121665954589844, 82.5327377319336, 10.816081047058105,
            63.587223052978516, -8.16279411315918, 61.943843841552734, 8.641359329223633,
            51.32871627807617, -3.513129711151123, 41.25859451293945, 5.594845294952393,
            40.58304977416992, -5.018136024475098, 49.749122619628906, 0.6157753467559814,
            52.40672302246094, -1.5622442960739136, 36.49692153930664, -0.5265880823135376,
            41.55485534667969, -2.1964383125305176, 54.969486236572266, 1.1251357793807983,
            46.93212127685547,
        ],
        // 96000 Hz, 1 ch, PCM_24
        "v96000_pcm24_mono.flac": [
            661795.0,  // length
            0.35007524490356445, 0.08875049650669098, 0.13022777438163757, 0.0028266923036426306,
            1784.0349117048856, 129751.51366497981, 2002.1822474418734, 85883.6287038157,
            3805.5648201856147, 901320.0448563108, 0.08305766023781902, 0.0007671691285968193,
            -4.813234045286663e-05, 0.00817305687814951, -1.155180416390067e-05, 0.005703619681298733,
            123.046875, -113.56945037841797, 2564.32470703125, 121.56864166259766,
            295.76483154296875, -19.16521453857422, 235.48680114746094, 42.3642463684082,
            150.97909545898438, -6.36199951171875, 168.07931518554688, 18.622114181518555,
            89.15845489501953, -13.703360557556152, 67.6277084350586, 15.340532302856445,
            68.96512603759766, -12.272581100463867, 82.2634506225586, 10.975493431091309,
            63.40365219116211, -8.325020790100098, 61.7688102722168, 8.802750587463379,
            51.255775451660156, -3.6709203720092773, 41.21210479736328, 5.7466912269592285,
            40.55916213989258, -5.162580490112305, 49.774723052978516, 0.7518795728683472,
            52.42043685913086, -1.6890848875045776, 36.52404022216797, -0.4095647931098938,
            41.597618103027344, -2.3032705783843994, 55.07041549682617, 1.221373200416565,
            46.94062423706055,
        ],
    ]
}
