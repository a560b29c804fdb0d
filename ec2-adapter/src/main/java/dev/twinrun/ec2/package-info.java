/** The EC2 cron / systemd-timer runner; entry point {@link dev.twinrun.ec2.RunnerMain}. */
package dev.twinrun.ec2;
