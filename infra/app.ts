/**
 * CDK entry point (`npx cdk synth|deploy`, run through tsx). Reads the deploy config named by the
 * `newsalert:config` context, builds the stack and runs the cdk-nag AwsSolutions checks, so a
 * finding without an acknowledgement fails the synth.
 */
import { pathToFileURL } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DeployConfigError, loadDeployConfig } from './config';
import { NewsalertStack } from './newsalert-stack';

/** Context keys an operator may pass with `-c key=value`. */
export const CONTEXT = { config: 'newsalert:config', stackName: 'newsalert:stackName' } as const;

export function buildApp(app = new App()): { app: App; stack: NewsalertStack } {
  const config = loadDeployConfig(app.node.tryGetContext(CONTEXT.config));
  const stackName = app.node.tryGetContext(CONTEXT.stackName) ?? 'Newsalert';
  const stack = new NewsalertStack(app, stackName, {
    config,
    description: 'newsalert: news feed tagging, history and email alerts',
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

// Synthesise only when run as the CDK app, not when a test imports buildApp.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    buildApp().app.synth();
  } catch (error) {
    // A config mistake is the operator's to fix: show the message, not a stack trace.
    if (!(error instanceof DeployConfigError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
