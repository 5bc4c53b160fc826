package dev.switchboard.push.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.junit.jupiter.api.Test;

class WebPushEncryptionTest {

    // RFC 8291 Appendix A: the keys, salt and message of the worked example, and the body it gives.
    private static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
    private static final String AS_PUBLIC =
            "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private static final String UA_PUBLIC =
            "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
    private static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
    private static final String BODY =
            "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    @Test
    void reproducesTheRfc8291Example() {
        AsymmetricCipherKeyPair sender = P256.ephemeral(Base64Url.decode(AS_PRIVATE));
        assertThat(P256.encode((ECPublicKeyParameters) sender.getPublic()))
                .as("the public point computed from the RFC's private key")
                .isEqualTo(Base64Url.decode(AS_PUBLIC));

        byte[] body = WebPushEncryption.encrypt(
                PLAINTEXT.getBytes(StandardCharsets.UTF_8),
                Base64Url.decode(UA_PUBLIC),
                Base64Url.decode(AUTH),
                sender,
                Base64Url.decode(SALT));

        assertThat(Base64Url.encode(body)).isEqualTo(BODY);
    }

    @Test
    void aFreshKeyAndSaltEveryMessageAndTheBodyIsHeaderPlusRecord() {
        byte[] ua = Base64Url.decode(UA_PUBLIC);
        byte[] auth = Base64Url.decode(AUTH);
        byte[] plaintext = "same".getBytes(StandardCharsets.UTF_8);

        byte[] first = WebPushEncryption.encrypt(plaintext, ua, auth);
        byte[] second = WebPushEncryption.encrypt(plaintext, ua, auth);

        assertThat(first)
                .hasSize(WebPushEncryption.HEADER_BYTES + plaintext.length + 1 + 16)
                .isNotEqualTo(second);
    }

    @Test
    void theLargestPlaintextFillsExactlyOne4096ByteRecordAndOneMoreByteIsRefused() {
        byte[] ua = Base64Url.decode(UA_PUBLIC);
        byte[] auth = Base64Url.decode(AUTH);

        assertThat(WebPushEncryption.MAX_PLAINTEXT_BYTES).isEqualTo(3993);
        assertThat(WebPushEncryption.encrypt(new byte[3993], ua, auth)).hasSize(4096);
        assertThatThrownBy(() -> WebPushEncryption.encrypt(new byte[3994], ua, auth))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 3993");
    }

    @Test
    void publicKeysOffTheCurveOrBadlyEncodedAreRefused() {
        byte[] offCurve = Base64Url.decode(UA_PUBLIC);
        offCurve[64] ^= 1;

        assertThatThrownBy(() -> P256.publicKey(offCurve)).hasMessageContaining("not on the P-256 curve");
        assertThatThrownBy(() -> P256.publicKey(new byte[33])).hasMessageContaining("65 bytes");
        byte[] auth = Base64Url.decode(AUTH);
        assertThatThrownBy(() -> WebPushEncryption.encrypt(new byte[1], offCurve, auth))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not on the P-256 curve");
        assertThatThrownBy(() -> WebPushEncryption.encrypt(new byte[1], new byte[33], auth))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65 bytes");
    }
}
