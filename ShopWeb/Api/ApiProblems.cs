using Microsoft.AspNetCore.Http.HttpResults;

namespace ShopWeb.Api;

/// <summary>
/// The problem types of the API (RFC 9457), one stable URI each, so an app can tell one failure from another by
/// <c>type</c> alone; <c>title</c> and <c>detail</c> are for people. Every problem also carries a <c>traceId</c>.
/// </summary>
public static class ApiProblems
{
    public const string Base = "https://shopweb.example/problems/";

    /// <summary>Fields of the body, the query or a header are missing or wrong: <c>errors</c> names each one.</summary>
    public const string Validation = Base + "validation";

    /// <summary>The request could not be read at all: malformed JSON, a body of the wrong type.</summary>
    public const string BadRequest = Base + "bad-request";

    public const string Unauthorized = Base + "unauthorized";
    public const string Forbidden = Base + "forbidden";

    /// <summary>Nothing here, or nothing the caller may see: another shopper's cart or order looks exactly the same.</summary>
    public const string NotFound = Base + "not-found";

    /// <summary>Changing this needs the If-Match header, with the ETag of the version the app last read.</summary>
    public const string PreconditionRequired = Base + "if-match-required";

    /// <summary>The If-Match ETag is not the current one: it changed since the app read it. Read it again.</summary>
    public const string PreconditionFailed = Base + "changed-since-read";

    /// <summary>"Save my contact details" is off, so the shop keeps no name or phone: turn the choice on first.</summary>
    public const string ContactNotSaved = Base + "contact-details-not-saved";

    /// <summary>"Save my shipping addresses" is off, so the shop keeps no address: turn the choice on first.</summary>
    public const string AddressesNotSaved = Base + "addresses-not-saved";

    /// <summary>The account has orders on their way: cancel them, or wait until they are delivered, then delete it.</summary>
    public const string OrdersInProgress = Base + "orders-in-progress";

    /// <summary>Only a sign-in of the last few minutes may do this: sign in again (prompt=login) and retry.</summary>
    public const string FreshSignInRequired = Base + "fresh-sign-in-required";

    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";

    /// <summary>A request with this Idempotency-Key is still being answered.</summary>
    public const string IdempotencyInProgress = Base + "idempotency-key-in-progress";

    /// <summary>This Idempotency-Key was already used with another request body.</summary>
    public const string IdempotencyKeyReused = Base + "idempotency-key-reused";

    /// <summary>Not enough in stock for a line of the cart (or a product added): <c>detail</c> says how many are left.</summary>
    public const string SoldOut = Base + "sold-out";

    /// <summary>The cart's goods no longer cost the <c>expectedSubtotal</c> sent: <c>detail</c> names what they cost now; nothing was ordered.</summary>
    public const string PricesChanged = Base + "prices-changed";

    /// <summary>The product is not on sale (unknown, or withdrawn).</summary>
    public const string ProductUnavailable = Base + "product-unavailable";

    /// <summary>The product comes in several variants: name the one wanted by its <c>sku</c> (the product's <c>variants</c> list them).</summary>
    public const string VariantRequired = Base + "variant-required";

    public const string EmptyCart = Base + "empty-cart";

    /// <summary>The cart holds as many products as a cart may (100): remove one, or check out, first.</summary>
    public const string CartFull = Base + "cart-full";

    /// <summary>The address book holds as many addresses as it may (20): delete one first.</summary>
    public const string AddressBookFull = Base + "address-book-full";

    /// <summary>The order has moved on (shipped, or cancelled already): the shopper can no longer cancel it.</summary>
    public const string NotCancellable = Base + "order-not-cancellable";

    /// <summary>The order takes no new payment: it is paid, cancelled, not a card order, or the shop takes no card now.</summary>
    public const string NotPayable = Base + "order-not-payable";

    /// <summary>The card payment provider did not answer: nothing was started. Retry in a moment.</summary>
    public const string PaymentProviderUnavailable = Base + "payment-provider-unavailable";
    public const string RateLimited = Base + "rate-limited";
    public const string Busy = Base + "busy";
    public const string ServerError = Base + "server-error";

    /// <summary>Any other status: its own type, named by the status code.</summary>
    public static string TypeOf(int status) => status switch
    {
        400 => BadRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        500 => ServerError,
        503 => Busy,
        _ => Base + "status-" + status,
    };

    public static ProblemHttpResult Problem(int status, string type, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: type);

    /// <summary>
    /// Why a request's Idempotency-Key cannot start it: the key went with another request (422), or its first request
    /// is still running (409, <paramref name="runningTitle"/>); null when it started or has a stored answer.
    /// </summary>
    public static ProblemHttpResult? IdempotencyRefusal(IdempotencyStart start, string newWhat, string runningTitle) => start switch
    {
        IdempotencyStart.KeyReused => Problem(StatusCodes.Status422UnprocessableEntity, IdempotencyKeyReused, "Idempotency-Key already used",
            $"This Idempotency-Key was used with another request. Use a new key for a new {newWhat}."),
        IdempotencyStart.InProgress => Problem(StatusCodes.Status409Conflict, IdempotencyInProgress, runningTitle,
            "A request with this Idempotency-Key is still running. Retry in a moment to get its answer."),
        _ => null,
    };

    public static ProblemHttpResult NotFoundProblem(string detail) =>
        Problem(StatusCodes.Status404NotFound, NotFound, "Not found", detail);

    /// <summary>Field errors, keyed by the field's JSON path (<c>address.postalCode</c>), query parameter or header name.</summary>
    public static ValidationProblem ValidationProblem(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, "Some values are missing or not valid: see errors.", title: "Invalid request", type: Validation);

    public static ValidationProblem ValidationProblem(string field, string message) =>
        ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
