/** The two kinds of verifier reply: one Yes/No, or the joint question's None/Same/Other. */
import { JOINT_CHOICES, jointWord, readJoint, type JointReading } from './jointReading';
import { readYesNo, yesNoToken, type VerifierCompletion, type YesNoReading } from './yesNo';

/** How one kind of reply is constrained and read. */
export interface ReplyShape<R> {
	readonly choices: readonly string[];
	readonly read: (completion: VerifierCompletion) => R | string;
	/** Whether the generated token is one of the choices (else the server ignored the constraint). */
	readonly isChoice: (token: string) => boolean;
	readonly token: (reading: R) => string | undefined;
}

export const YES_NO: ReplyShape<YesNoReading> = {
	choices: ['Yes', 'No'],
	read: readYesNo,
	isChoice: (token) => yesNoToken(token) !== undefined,
	token: (reading) => reading.token,
};

export const JOINT: ReplyShape<JointReading> = {
	choices: JOINT_CHOICES,
	read: readJoint,
	isChoice: (token) => jointWord(token) !== undefined,
	token: (reading) => reading.presence.token,
};
