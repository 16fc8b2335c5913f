using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dunning.Metrics.Tests.Support;
using Dunning.Testing;

namespace Dunning.Metrics.Tests.Ops;

/// <summary>
/// The case console when the services that own cases do not answer (the scheduler and notification are not running here):
/// the page says how to search, and every answer says what could not be read. The console with every service running is
/// tested end to end (CaseConsoleJourneyTests).
/// </summary>
public sealed class CaseConsoleTests(MetricsService service) : IClassFixture<MetricsService>
{
    [Fact]
    public async Task The_console_page_says_how_to_find_a_case_and_why_cases_could_not_be_read()
    {
        var empty = await HeadlessChromium.DumpDomAsync(new Uri(service.Process.BaseAddress, $"/console.html#key={MetricsService.ApiKey}"));
        Assert.Contains("Find a case by its invoice id (in_...), the customer id (cus_...) or the customer's email address", empty);

        var dom = await HeadlessChromium.DumpDomAsync(new Uri(service.Process.BaseAddress, $"/console.html?q=in_console#key={MetricsService.ApiKey}"));
        Assert.Contains("Cases not read: the retry scheduler did not answer", dom);
    }

    [Fact]
    public async Task A_search_by_email_says_the_notification_service_could_not_be_asked()
    {
        var found = await SearchAsync(new { query = "someone@example.com" });

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var body = await found.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("email", body.GetProperty("searchedBy").GetString());
        Assert.Contains("the notification service did not answer", body.GetProperty("error").GetString());
        Assert.Empty(body.GetProperty("cases").EnumerateArray());
    }

    [Theory]
    [InlineData("""{}""", "'query' is required")]
    [InlineData("""{"query": "  "}""", "'query' is required")]
    [InlineData("""{"query": """, "not valid JSON")]
    public async Task A_search_without_a_query_is_refused_with_what_to_send(string body, string errorMentions)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await service.Api.PostAsync("/api/console/search", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(errorMentions, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_case_or_an_action_the_scheduler_cannot_be_asked_about_is_a_bad_gateway_with_the_reason()
    {
        var view = await service.Api.GetAsync("/api/console/cases/in_console");
        var action = await service.Api.PostAsJsonAsync("/api/console/cases/in_console/pause", new { reason = "ticket 1" });

        Assert.Equal(HttpStatusCode.BadGateway, view.StatusCode);
        Assert.Contains("the retry scheduler did not answer", await view.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadGateway, action.StatusCode);
        Assert.Contains("the retry scheduler did not answer", await action.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_console_needs_the_api_key()
    {
        using var anonymous = new HttpClient { BaseAddress = service.Process.BaseAddress };

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/console/search", new { query = "in_1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/console/cases/in_1")).StatusCode);
    }

    private Task<HttpResponseMessage> SearchAsync(object body) => service.Api.PostAsJsonAsync("/api/console/search", body);
}
