package dev.switchboard.push.rest;

/** The JSON body of every refused request: a stable {@code error} code and a message naming the problem. */
public record ApiError(String error, String message) {
}
