package dev.lambdatrace.function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import io.quarkus.amazon.lambda.runtime.AmazonLambdaApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class HelloRouteTest {

    @Test
    void rootAnswers200WithASmallJsonBody() {
        given().when().get("/")
                .then().statusCode(200).contentType(ContentType.JSON).body(is(HelloRoute.BODY));
    }

    @Test
    void rawHttpApiEventForRootAnswers200() {
        given().contentType(ContentType.JSON).accept(ContentType.JSON).body(event("GET", "/"))
                .when().post(AmazonLambdaApi.API_BASE_PATH_TEST)
                .then().statusCode(200)
                .body("statusCode", is(200))
                .body("isBase64Encoded", is(false))
                .body("body", is(HelloRoute.BODY))
                .body("headers.Content-Type", is("application/json"));
    }

    @Test
    void unknownPathAnswers404() {
        given().when().get("/no/such/path").then().statusCode(404);
        given().contentType(ContentType.JSON).body(event("GET", "/no/such/path"))
                .when().post(AmazonLambdaApi.API_BASE_PATH_TEST)
                .then().statusCode(200).body("statusCode", is(404));
    }

    @Test
    void methodThatIsNotAllowedAnswers405() {
        given().when().post("/").then().statusCode(405);
        given().contentType(ContentType.JSON).body(event("PUT", "/"))
                .when().post(AmazonLambdaApi.API_BASE_PATH_TEST)
                .then().statusCode(200).body("statusCode", is(405));
    }

    @Test
    void eventWithoutAnHttpMethodAnswers500AndTheNextEventIsServed() {
        APIGatewayV2HTTPEvent malformed = new APIGatewayV2HTTPEvent();
        malformed.setRawPath("/");

        given().contentType(ContentType.JSON).body(malformed)
                .when().post(AmazonLambdaApi.API_BASE_PATH_TEST)
                .then().statusCode(200).body("statusCode", is(500));
        given().when().get("/").then().statusCode(200);
    }

    static APIGatewayV2HTTPEvent event(String method, String path) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        http.setSourceIp("203.0.113.7");
        APIGatewayV2HTTPEvent.RequestContext requestContext = new APIGatewayV2HTTPEvent.RequestContext();
        requestContext.setHttp(http);
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("$default");
        event.setRawPath(path);
        event.setRequestContext(requestContext);
        return event;
    }
}
