package dev.lawfit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A slow test (statistical coverage over many seeds, a full 4,500-start grid): CI runs it, a
 * developer may skip every such test with {@code mvn -B verify -DexcludedGroups=slow}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("slow")
public @interface Slow {}
