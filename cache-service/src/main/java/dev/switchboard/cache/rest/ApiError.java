package dev.switchboard.cache.rest;

/** The body of every error answer: a stable code and a sentence naming the problem. */
public record ApiError(String error, String message) {
}
