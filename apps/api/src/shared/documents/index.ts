export { documentProblem, withDocumentProblems } from './document-problems';
