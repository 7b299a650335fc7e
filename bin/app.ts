#!/usr/bin/env node
import { buildApp } from '../lib/app';

// Run by the CDK CLI (cdk.json), which synthesizes the app when this process exits.
buildApp();
