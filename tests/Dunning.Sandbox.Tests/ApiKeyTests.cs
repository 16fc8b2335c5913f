using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Dunning.Sandbox.Tests;

/// <summary>Stripe takes the key as a bearer token or as basic authentication's user name (its curl examples: <c>curl -u sk_test_...:</c>).</summary>
[Collection(SandboxCollection.Name)]
public sealed class ApiKeyTests(SandboxFixture sandbox)
{
    [Theory]
    [InlineData("Bearer", "sk_test_x", HttpStatusCode.OK)]
    [InlineData("Basic", "sk_test_x:", HttpStatusCode.OK)]
    [InlineData("Basic", "sk_live_x:", HttpStatusCode.Unauthorized)]
    [InlineData("Basic", "not base64!", HttpStatusCode.Unauthorized)]
    public async Task A_test_key_is_accepted_as_a_bearer_token_or_a_basic_user_name(string scheme, string credentials, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/events?limit=1");
        var parameter = scheme == "Basic" && !credentials.Contains(' ', StringComparison.Ordinal)
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials))
            : credentials;
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, parameter);

        var response = await sandbox.Http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }
}
