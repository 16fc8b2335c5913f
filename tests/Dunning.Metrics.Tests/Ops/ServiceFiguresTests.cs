using Dunning.Metrics.Ops;
using Microsoft.Extensions.Configuration;

namespace Dunning.Metrics.Tests.Ops;

/// <summary>Reading a service's scrape into the ops view's figures (pure), and the shipped defaults that name every service.</summary>
public sealed class ServiceFiguresTests
{
    private const string Scrape = """
        # TYPE dunning_outbox_backlog gauge
        dunning_outbox_backlog{service="notification"} 12
        dunning_outbox_oldest_age_seconds{service="notification"} 42.5
        dunning_due_jobs_overdue{kind="email",service="notification"} 3
        dunning_due_jobs_lag_seconds{kind="email",service="notification"} 90.25
        dunning_due_jobs_dead{kind="email",service="notification"} 1
        dunning_due_jobs_lag_seconds{kind="decline-lookup",service="notification"} 0
        dunning_webhook_rejections_total{reason="signature",otel_scope_name="Dunning"} 7 1735689600000
        dunning_stripe_breaker_open{service="notification"} 1
        http_server_active_requests{method="GET"} 1
        """;

    [Fact]
    public void A_scrape_gives_the_outbox_the_due_jobs_per_kind_the_rejections_and_the_breaker()
    {
        var figures = ServiceFiguresReader.FromScrape("notification", "http://n/metrics", PrometheusText.Parse(Scrape));

        Assert.Equal((12L, 42.5), (figures.OutboxBacklog!.Value, figures.OutboxOldestAgeSeconds!.Value));
        Assert.Equal([new DueJobFigures("decline-lookup", 0, 0, 0), new DueJobFigures("email", 3, 90.25, 1)], figures.DueJobs);
        Assert.Equal([new RejectionCount("signature", 7)], figures.WebhookRejections);
        Assert.True(figures.StripeBreakerOpen);
    }

    [Fact]
    public void Label_values_with_quotes_and_commas_are_read_whole()
    {
        var sample = Assert.Single(PrometheusText.Parse("""dunning_metrics_error_queue_messages{queue="a,\"b\"_error"} 2"""));

        Assert.Equal("a,\"b\"_error", sample.Label("queue"));
        Assert.Equal(2, sample.Value);
    }

    [Fact]
    public void With_no_settings_the_ops_view_checks_all_four_services_on_their_local_ports()
    {
        var options = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Dunning.Testing.TestEnvironment.RepositoryRoot, "services/Dunning.Metrics/appsettings.json"))
            .Build().GetSection("Metrics").Get<MetricsOptions>()!;

        Assert.Equal(["metrics", "notification", "scheduler", "webhook"], options.ServiceHealthUrls.Keys.Order());
        Assert.Equal(["5083", "5082", "5081", "5080"],
            new[] { "metrics", "notification", "scheduler", "webhook" }.Select(n => new Uri(options.ServiceHealthUrls[n]).Port.ToString()));
        Assert.Equal(options.ServiceHealthUrls.Keys.Order(), options.ServiceMetricsUrls.Keys.Order());
        Assert.NotNull(options.WebhookEventsUrl);
    }
}
