package dev.lambdatrace.tracing.attributes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class LambdaArnTest {

    @Test
    void unqualifiedArnGivesRegionAndAccount() {
        LambdaArn arn = LambdaArn.parse("arn:aws:lambda:eu-west-1:123456789012:function:traced");

        assertEquals("eu-west-1", arn.region());
        assertEquals("123456789012", arn.accountId());
    }

    @Test
    void aliasAndOtherPartitionsParseAlike() {
        LambdaArn arn = LambdaArn.parse("arn:aws-cn:lambda:cn-north-1:210987654321:function:traced:live");

        assertEquals("cn-north-1", arn.region());
        assertEquals("210987654321", arn.accountId());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = { "", "traced", "arn:aws:lambda", "urn:aws:lambda:eu-west-1:1:function:x" })
    void anythingElseGivesNoParts(String value) {
        LambdaArn arn = LambdaArn.parse(value);

        assertNull(arn.region());
        assertNull(arn.accountId());
    }

    @Test
    void resourceIdReplacesAnAliasWithTheVersionItResolvedTo() {
        LambdaArn arn = LambdaArn.parse("arn:aws:lambda:eu-west-1:123456789012:function:traced:live");

        assertEquals("live", arn.qualifier());
        assertEquals("arn:aws:lambda:eu-west-1:123456789012:function:traced:7", arn.resourceId("7"));
    }

    @Test
    void resourceIdOfAnUnqualifiedArnIsTheArnItself() {
        LambdaArn arn = LambdaArn.parse("arn:aws:lambda:eu-west-1:123456789012:function:traced");

        assertNull(arn.qualifier());
        assertEquals("arn:aws:lambda:eu-west-1:123456789012:function:traced", arn.resourceId("$LATEST"));
    }
}
