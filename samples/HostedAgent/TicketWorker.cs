using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HostedAgent;

/// <summary>Replies to the sample tickets once, then stops the application.</summary>
internal sealed class TicketWorker : BackgroundService
{
    private static readonly Ticket[] s_tickets =
    [
        new("T-1001", "Cannot reset password"),
        new("T-1002", "Refund for annual plan"),
        new("T-1003", "Where is my parcel"),
    ];

    private readonly SupportAgent _agent;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<TicketWorker> _logger;

    public TicketWorker(SupportAgent agent, IHostApplicationLifetime lifetime, ILogger<TicketWorker> logger)
    {
        _agent = agent;
        _lifetime = lifetime;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var ticket in s_tickets)
        {
            var reply = await _agent.AnswerAsync(ticket, stoppingToken).ConfigureAwait(false);
            _logger.LogInformation("{Reply}", reply);
        }

        // Stopping the host runs AddApie's stop handling, which sends what is still queued.
        _logger.LogInformation("Replied to {Count} tickets. Stopping the host.", s_tickets.Length);
        _lifetime.StopApplication();
    }
}
