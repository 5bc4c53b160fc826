package dev.switchboard.push.rest;

import java.util.regex.Pattern;

import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.push.service.PushException;

/** User ids in paths: the same ids the gateway records for clients, kept to a safe alphabet and length. */
final class UserIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._@:-]{1,128}");

    private UserIds() {}

    static void validate(String userId) {
        if (!VALID.matcher(userId).matches()) {
            throw new PushException(
                    ProblemType.INVALID_USER, "a user id is 1 to 128 characters of A-Z a-z 0-9 . _ @ : -");
        }
    }
}
