package dev.switchboard.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.switchboard.gateway.service.CloseReason;

/**
 * {@link FrameType}, {@link ErrorCode} and {@link CloseReason} are the protocol's lists: docs/protocol.md documents
 * exactly them, and the browser SDK (sdk/src/main/ts/switchboard.ts, served as /switchboard.js) lists exactly them,
 * handles every server frame, sends every client frame, knows every error code and acts on no close code the gateway
 * does not send.
 */
class ProtocolListsTest {

    private static final Path HOME = Path.of(System.getProperty("switchboard.home", ".."));
    private static final Path SDK = HOME.resolve("sdk/src/main/ts/switchboard.ts");
    /** The first cell of a table row: {@code | `name` | ...}. */
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\| ([^|]*)\\|", Pattern.MULTILINE);

    private static final Pattern QUOTED = Pattern.compile("'([a-z-]+)'");
    /** A close code row: {@code | 4001 | ...}. */
    private static final Pattern CLOSE_ROW = Pattern.compile("^\\| (\\d{4}) \\|", Pattern.MULTILINE);
    /**
     * A close code the SDK acts on: compared with a close event's code ({@code code === 1009}) or a key of its
     * {@code FATAL_CLOSE_CODES}.
     */
    private static final Pattern SDK_CLOSE_CODE = Pattern.compile("\\bcode [!=]==? (\\d{4})\\b|\\b(\\d{4}): '");

    @Test
    void theProtocolDocumentsEveryFrameTypeAndNothingElse() throws IOException {
        assertThat(rows(section("Server frames")).keySet())
                .as("docs/protocol.md, Server frames")
                .containsExactlyInAnyOrderElementsOf(frameTypes(FrameType::fromServer));
        assertThat(rows(section("Client frames")).keySet())
                .as("docs/protocol.md, Client frames")
                .containsExactlyInAnyOrderElementsOf(frameTypes(FrameType::fromClient));
    }

    @Test
    void theProtocolDocumentsEveryErrorCodeWithItsStatusAndNothingElse() throws IOException {
        Map<String, String> documented = rows(section("Error codes"));
        Map<String, String> listed = Arrays.stream(ErrorCode.values())
                .collect(Collectors.toMap(
                        ErrorCode::wireName,
                        code -> code == ErrorCode.EVENT_FAILED ? "—" : String.valueOf(code.httpStatus()),
                        (a, b) -> a,
                        TreeMap::new));
        assertThat(documented)
                .as("docs/protocol.md, Error codes: code and HTTP status")
                .isEqualTo(listed);
    }

    @Test
    void theBrowserSdkKnowsEveryFrameTypeAndErrorCode() throws IOException {
        String client = Files.readString(SDK, StandardCharsets.UTF_8);
        assertThat(quoted(between(client, "export const SERVER_FRAMES = [", "] as const;")))
                .as("the SDK's SERVER_FRAMES")
                .containsExactlyInAnyOrderElementsOf(frameTypes(FrameType::fromServer));
        assertThat(quoted(between(client, "export const CLIENT_FRAMES = [", "] as const;")))
                .as("the SDK's CLIENT_FRAMES")
                .containsExactlyInAnyOrderElementsOf(frameTypes(FrameType::fromClient));
        for (String type : frameTypes(FrameType::fromServer)) {
            assertThat(client).as("the SDK handles '" + type + "'").contains("case '" + type + "':");
        }
        for (String type : frameTypes(FrameType::fromClient)) {
            assertThat(client).as("the SDK sends '" + type + "'").contains("type: '" + type + "'");
        }
        Set<String> codes = new LinkedHashSet<>();
        Matcher key =
                Pattern.compile("'([a-z-]+)':").matcher(between(client, "export const ERROR_CODES = {", "} as const"));
        while (key.find()) {
            codes.add(key.group(1));
        }
        assertThat(codes)
                .as("the SDK's ERROR_CODES")
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ErrorCode.values())
                        .map(ErrorCode::wireName)
                        .toList());
    }

    @Test
    void theProtocolDocumentsEveryCloseCodeAndNothingElse() throws IOException {
        assertThat(numbers(CLOSE_ROW, between(section("Close codes"), "|---", "\n\n")))
                .as("docs/protocol.md, Close codes")
                .containsExactlyInAnyOrderElementsOf(closeCodes());
    }

    @Test
    void theBrowserSdkActsOnlyOnCloseCodesTheGatewaySends() throws IOException {
        Set<Integer> named = numbers(SDK_CLOSE_CODE, Files.readString(SDK, StandardCharsets.UTF_8));
        assertThat(named).as("close codes in the SDK").isNotEmpty();
        assertThat(closeCodes()).as("the SDK's close codes are CloseReason's").containsAll(named);
    }

    private static Set<Integer> closeCodes() {
        return Arrays.stream(CloseReason.values())
                .map(reason -> (int) reason.code())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<Integer> numbers(Pattern pattern, String text) {
        Set<Integer> numbers = new TreeSet<>();
        Matcher number = pattern.matcher(text);
        while (number.find()) {
            numbers.add(Integer.parseInt(number.group(1) != null ? number.group(1) : number.group(2)));
        }
        return numbers;
    }

    private static Set<String> frameTypes(Predicate<FrameType> direction) {
        return Arrays.stream(FrameType.values())
                .filter(direction)
                .map(FrameType::wireName)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The text of docs/protocol.md under {@code ## heading}, up to the next heading of that level. */
    private static String section(String heading) throws IOException {
        String doc = Files.readString(HOME.resolve("docs/protocol.md"), StandardCharsets.UTF_8);
        return between(doc, "\n## " + heading + "\n", "\n## ");
    }

    /** First cell to second cell of every row of the section's table (below its header) whose first cell is code. */
    private static Map<String, String> rows(String text) {
        Map<String, String> rows = new TreeMap<>();
        Matcher row = ROW.matcher(between(text, "|---", "\n\n"));
        while (row.find()) {
            assertThat(rows.put(row.group(1), row.group(2).strip()))
                    .as("listed twice: " + row.group(1))
                    .isNull();
        }
        return rows;
    }

    private static Set<String> quoted(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher name = QUOTED.matcher(text);
        while (name.find()) {
            names.add(name.group(1));
        }
        return names;
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("'" + start.strip() + "' is there").isNotNegative();
        int to = text.indexOf(end, from + start.length());
        return text.substring(from + start.length(), to < 0 ? text.length() : to);
    }
}
