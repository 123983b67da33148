package dev.lambdatrace.function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HelloRouteTest {
    @Test
    void rootAnswers200() {
        given().when().get("/").then().statusCode(200).body(is(HelloRoute.BODY));
        given().when().get("/nope").then().statusCode(404);
        given().when().post("/").then().statusCode(405);
    }
}
