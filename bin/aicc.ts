#!/usr/bin/env -S npx tsx
import { App } from 'aws-cdk-lib';
import { defineAiccStacks } from '../lib/aicc-app';

defineAiccStacks(new App());
