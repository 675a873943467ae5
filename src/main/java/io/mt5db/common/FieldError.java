package io.mt5db.common;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Where a request went wrong: the item's index in a batch (null for the whole request) and the field. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(Integer index, String field, String message) {
}
