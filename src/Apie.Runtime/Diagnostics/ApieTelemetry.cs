using System;
using System.Diagnostics;
using Apie.Recording;

namespace Apie.Diagnostics;

/// <summary>
/// The <see cref="ActivitySource"/> named <c>Apie</c>: every run, session, tool call, step and model call is also an
/// <see cref="Activity"/>, nested under the caller's, so an OpenTelemetry pipeline records Apie's work in its traces.
/// Names and tags follow the OpenTelemetry semantic conventions for generative AI where they apply. Without a
/// listener, nothing is created.
/// </summary>
internal static class ApieTelemetry
{
    public const string SourceName = "Apie";

    public static readonly ActivitySource Source = new(SourceName, SdkInfo.Version);

    public static Activity? StartRun(RunRecord run, string agentName, string agentKey)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("invoke_agent " + agentName, System.Diagnostics.ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.operation.name", "invoke_agent");
            activity.SetTag("gen_ai.agent.name", agentName);
            activity.SetTag("apie.agent.key", agentKey);
            activity.SetTag("apie.run.role", run.Description.Role);
            activity.SetTag("apie.run.step_key", run.Description.StepKey);
            activity.SetTag("apie.run.input_summary", run.InputSummary);
        }

        return activity;
    }

    public static Activity? StartSession(SessionRecord session)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("apie.session " + session.WireKind, System.Diagnostics.ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("apie.session.kind", session.WireKind);
            activity.SetTag("apie.session.input_summary", session.InputSummary);
        }

        return activity;
    }

    public static Activity? StartActivity(ActivityRecord record)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        Activity? activity;
        switch (record.Kind)
        {
            case WorkKind.Tool:
                var tool = record.Tool!;
                activity = Source.StartActivity("execute_tool " + tool.Name, System.Diagnostics.ActivityKind.Internal);
                if (activity is { IsAllDataRequested: true })
                {
                    activity.SetTag("gen_ai.operation.name", "execute_tool");
                    activity.SetTag("gen_ai.tool.name", tool.Name);
                    activity.SetTag("apie.tool.risk_level", tool.RiskLevel);
                    activity.SetTag("apie.action.type", tool.ActionType);
                    activity.SetTag("apie.resource.type", tool.ResourceType);
                }

                break;
            case WorkKind.WorkflowStep:
                var step = record.Step!;
                activity = Source.StartActivity("apie.workflow_step " + step.Key, System.Diagnostics.ActivityKind.Internal);
                if (activity is { IsAllDataRequested: true })
                {
                    activity.SetTag("apie.step.key", step.Key);
                    activity.SetTag("apie.step.name", step.Name);
                    activity.SetTag("apie.step.index", step.Index);
                }

                break;
            default:
                var call = record.LlmCall!;
                activity = Source.StartActivity("chat " + (call.Model ?? "model"), System.Diagnostics.ActivityKind.Client);
                if (activity is { IsAllDataRequested: true })
                {
                    activity.SetTag("gen_ai.operation.name", "chat");
                    activity.SetTag("gen_ai.provider.name", call.Provider);
                    activity.SetTag("gen_ai.request.model", call.Model);
                }

                break;
        }

        return activity;
    }

    /// <summary>Stops the activity: <c>Ok</c> on success, <c>Error</c> with the exception otherwise.</summary>
    public static void Stop(Activity activity, Exception? exception, string? blockedBy = null)
    {
        if (blockedBy is not null)
        {
            activity.SetTag("apie.guardrail.blocked", true);
        }

        if (exception is null)
        {
            activity.SetStatus(ActivityStatusCode.Ok);
        }
        else
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.Message);
            activity.AddException(exception);
            activity.SetTag("error.type", exception.GetType().FullName);
        }

        activity.Stop();
    }
}
